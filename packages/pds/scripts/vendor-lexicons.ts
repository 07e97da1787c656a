// Re-vendors packages/pds/lexicons/ from the installed @atproto/api (a devDependency): its `schemas`
// export is the lexicons/ directory of bluesky-social/atproto at that release, one document per NSID.
// Run after bumping @atproto/api, then format the files and update the version in lexicons/SOURCE.md:
//   node packages/pds/scripts/vendor-lexicons.ts && npx biome format --write packages/pds/lexicons
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { schemas } from "@atproto/api";

const lexiconDir = path.join(import.meta.dirname, "..", "lexicons");

// Only the JSON documents are replaced; LICENSE and SOURCE.md stay.
for (const entry of readdirSync(lexiconDir, { withFileTypes: true })) {
  if (entry.isDirectory()) rmSync(path.join(lexiconDir, entry.name), { recursive: true });
}
for (const doc of schemas) {
  const file = `${path.join(lexiconDir, ...doc.id.split("."))}.json`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
console.log(`wrote ${schemas.length} lexicon documents to ${lexiconDir}`);
