// The com.atproto / app.bsky / chat / tools lexicons the official PDS validates records and XRPC
// input against, taken from @atproto/api. Only its schema module is loaded: importing the package
// root pulls in the whole client (~40 MB of resident memory a server never uses).
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type LexiconDoc, Lexicons } from "@atproto/lexicon";

const apiEntry = createRequire(import.meta.url).resolve("@atproto/api");
const schemaModule = pathToFileURL(path.join(path.dirname(apiEntry), "client", "lexicons.js")).href;
const { schemas } = (await import(schemaModule)) as { schemas: LexiconDoc[] };

export function atprotoLexicons(extra: LexiconDoc[] = []): Lexicons {
  return new Lexicons([...schemas, ...extra]);
}
