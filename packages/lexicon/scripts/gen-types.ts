// CLI for codegen.ts: rewrites src/generated/ from lexicons/. Run via `npm run gen -w @atrarium/lexicon`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATED_DIR, generateFiles, readLexiconDocs } from "./codegen.ts";

const files = generateFiles(readLexiconDocs());
mkdirSync(GENERATED_DIR, { recursive: true });
// Drop files we no longer generate so a removed lexicon cannot leave stale types behind.
for (const stale of readdirSync(GENERATED_DIR)) {
  if (!(stale in files)) rmSync(join(GENERATED_DIR, stale));
}
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(GENERATED_DIR, name), text);
  console.log(`wrote src/generated/${name}`);
}
