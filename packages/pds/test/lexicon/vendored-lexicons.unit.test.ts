// The atproto lexicons vendored in packages/pds/lexicons/ are what the PDS validates against: each file
// is a lexicon document at the path its NSID spells, and together they are exactly the documents of
// the @atproto/api the tests' clients speak (re-vendor with scripts/vendor-lexicons.ts when it moves).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { schemas } from "@atproto/api";
import { parseLexiconDoc } from "@atproto/lexicon";
import { PDS_LEXICON_DOCS } from "@atrarium/lexicon";
import { describe, expect, it } from "vitest";
import { atprotoLexicons } from "../../src/lexicon/atproto-lexicons.ts";

const lexiconDir = path.join(import.meta.dirname, "..", "..", "lexicons");
const files = readdirSync(lexiconDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".json"))
  .sort();

describe("vendored atproto lexicons", () => {
  it("are lexicon documents, each at the path of its NSID", () => {
    expect(files.length).toBeGreaterThan(300);
    for (const file of files) {
      const doc = parseLexiconDoc(JSON.parse(readFileSync(path.join(lexiconDir, file), "utf8")));
      expect(file).toBe(`${path.join(...doc.id.split("."))}.json`);
    }
  });

  it("are the documents of the installed @atproto/api, unchanged", () => {
    const vendored = new Map(
      files.map((file) => {
        const doc = JSON.parse(readFileSync(path.join(lexiconDir, file), "utf8")) as { id: string };
        return [doc.id, doc];
      }),
    );
    const published = new Map(schemas.map((doc) => [doc.id, JSON.parse(JSON.stringify(doc))]));
    expect([...vendored.keys()].sort()).toEqual([...published.keys()].sort());
    for (const [id, doc] of published) expect({ id, doc: vendored.get(id) }).toEqual({ id, doc });
  });

  it("are all loaded, with our own methods' (net.atrarium.pds.*) and extra documents beside them", () => {
    const extra = { lexicon: 1, id: "net.atrarium.test.extra", defs: { main: { type: "token" } } } as const;
    const lexicons = atprotoLexicons([extra]);
    expect([...lexicons].length).toBe(files.length + PDS_LEXICON_DOCS.length + 1);
    expect(lexicons.getDef("com.atproto.repo.createRecord")).toMatchObject({ type: "procedure" });
    expect(lexicons.getDef("net.atrarium.pds.admin.listReports")).toMatchObject({ type: "query" });
    expect(lexicons.getDef("net.atrarium.test.extra")).toMatchObject({ type: "token" });
  });
});
