// The com.atproto / app.bsky / chat / tools lexicons the official PDS validates records and XRPC
// input against, vendored in packages/pds/lexicons/ (see its SOURCE.md). Read once at startup: a
// directory missing or emptied would otherwise turn into a PDS that validates nothing. Our own methods'
// lexicons (net.atrarium.pds.*, from @atrarium/lexicon) are checked the same way.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type LexiconDoc, Lexicons } from "@atproto/lexicon";
import { PDS_LEXICON_DOCS } from "@atrarium/lexicon";

const lexiconDir = path.join(import.meta.dirname, "..", "..", "lexicons");

function readLexiconDocs(dir: string): LexiconDoc[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json"))
    .sort();
  if (!files.some((file) => file === path.join("com", "atproto", "repo", "createRecord.json"))) {
    throw new Error(`atproto lexicons not found in ${dir} (vendored in the repository)`);
  }
  return files.map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as LexiconDoc);
}

const docs = readLexiconDocs(lexiconDir);

export function atprotoLexicons(extra: LexiconDoc[] = []): Lexicons {
  return new Lexicons([...docs, ...PDS_LEXICON_DOCS, ...extra]);
}
