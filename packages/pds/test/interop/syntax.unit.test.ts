// atproto syntax vectors (syntax/*.txt): one `it` per line, each run against the strictest validator
// @atproto/syntax (or @atproto/lex-data for CIDs) offers for that string format.
import { parseCid } from "@atproto/lex-data";
import {
  isAtIdentifierString,
  isAtprotoDate,
  isAtUriString,
  isDatetimeString,
  isDatetimeStringLenient,
  isValidDid,
  isValidHandle,
  isValidLanguage,
  isValidNsid,
  isValidRecordKey,
  isValidTid,
  isValidUri,
  parseLanguageString,
  toDatetimeString,
} from "@atproto/syntax";
import { describe, expect, it } from "vitest";
import { lineTitle, listVectorFiles, nonEmpty, readVectorLines } from "./vectors.ts";

type Family = {
  validator: string;
  accepts: (value: string) => boolean;
  /** Extra checks on lines of *_valid.txt files. */
  alsoValid?: (value: string) => void;
  /** Extra checks on lines of *_parse_invalid.txt files (syntax fine, semantics not). */
  alsoParseInvalid?: (value: string) => void;
};

function parsesAsCid(value: string): boolean {
  try {
    parseCid(value);
    return true;
  } catch {
    return false;
  }
}

const families: Record<string, Family> = {
  atidentifier: { validator: "isAtIdentifierString", accepts: (v) => isAtIdentifierString(v) },
  // isAtUriString is the strict parser (also used by the lexicon `at-uri` format); the legacy
  // ensureValidAtUri/isValidAtUri accept 22 of the invalid lines (see README).
  aturi: { validator: "isAtUriString", accepts: (v) => isAtUriString(v) },
  cid: { validator: "@atproto/lex-data parseCid", accepts: parsesAsCid },
  datetime: {
    validator: "isDatetimeString",
    accepts: (v) => isDatetimeString(v),
    alsoValid: (v) => {
      // "parse": the value converts to a Date that normalizes to a valid atproto datetime again.
      expect(isDatetimeString(toDatetimeString(v)), "toDatetimeString round trip").toBe(true);
      // The lexicon `datetime` format uses the lenient check: it must not reject a valid value.
      expect(isDatetimeStringLenient(v), "isDatetimeStringLenient").toBe(true);
    },
    alsoParseInvalid: (v) => expect(isAtprotoDate(new Date(v)), "isAtprotoDate(new Date(v))").toBe(false),
  },
  did: { validator: "isValidDid", accepts: (v) => isValidDid(v) },
  handle: { validator: "isValidHandle", accepts: (v) => isValidHandle(v) },
  // parseLanguageString is the strict path; isValidLanguage only checks the BCP 47 grammar.
  language: {
    validator: "parseLanguageString",
    accepts: (v) => parseLanguageString(v) !== null,
    alsoValid: (v) => expect(isValidLanguage(v), "isValidLanguage").toBe(true),
    alsoParseInvalid: (v) => expect(isValidLanguage(v), "well-formed per isValidLanguage").toBe(true),
  },
  nsid: { validator: "isValidNsid", accepts: (v) => isValidNsid(v) },
  recordkey: { validator: "isValidRecordKey", accepts: (v) => isValidRecordKey(v) },
  tid: { validator: "isValidTid", accepts: (v) => isValidTid(v) },
  uri: { validator: "isValidUri", accepts: (v) => isValidUri(v) },
};

// Lines on which the library at hand disagrees with the vector (reasons in README.md). They still
// run: each pins the library's current answer, so a library fix fails here and the entry must go.
const knownDivergences: Record<string, ReadonlySet<string>> = {
  "cid_syntax_valid.txt": new Set([
    "mBcDxtdWx0aWhhc2g+",
    "z7x3CtScH765HvShXT",
    "7134036155352661643226414134664076",
    "f017012202c5f688262e0ece8569aa6f94d60aad55ca8d9d83734e4a7430d0cff6588ec2b",
  ]),
  "cid_syntax_invalid.txt": new Set(["QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR"]),
  "uri_syntax_valid.txt": new Set(["content-type:text/plan", "microsoft.windows.camera:thing"]),
  "uri_syntax_invalid.txt": new Set([`https://example.com/${"x".repeat(8200)}`]),
};

type FileMeta = { family: string; parse: boolean; valid: boolean };

function parseFileName(file: string): FileMeta | null {
  const match = /^([a-z]+)_(syntax|parse)_(valid|invalid)\.txt$/.exec(file);
  if (!match) return null;
  return { family: match[1], parse: match[2] === "parse", valid: match[3] === "valid" };
}

const files = nonEmpty(listVectorFiles("syntax"), "syntax/");

describe("interop syntax vectors", () => {
  it("every syntax/ file is recognised and has a validator", () => {
    const unmapped = files.filter((file) => {
      const meta = parseFileName(file);
      return meta === null || families[meta.family] === undefined;
    });
    expect(unmapped).toEqual([]);
  });

  it("every known divergence names a line that exists in its file", () => {
    const stale = Object.entries(knownDivergences).flatMap(([file, lines]) => {
      const present = new Set(readVectorLines(`syntax/${file}`).map((vector) => vector.text));
      return [...lines].filter((line) => !present.has(line)).map((line) => `${file}: ${line.slice(0, 60)}`);
    });
    expect(stale).toEqual([]);
  });

  for (const file of files) {
    const meta = parseFileName(file);
    const family = meta ? families[meta.family] : undefined;
    // Unrecognised files fail the first test above instead of being silently ignored here.
    if (!meta || !family) continue;
    const diverging = knownDivergences[file] ?? new Set<string>();

    describe(`${file} (${family.validator} ${meta.valid ? "accepts" : "rejects"})`, () => {
      for (const vector of nonEmpty(readVectorLines(`syntax/${file}`), file)) {
        if (diverging.has(vector.text)) {
          it(`${lineTitle(vector)} [known library divergence, see README]`, () => {
            expect(family.accepts(vector.text)).toBe(!meta.valid);
          });
          continue;
        }
        it(lineTitle(vector), () => {
          expect(family.accepts(vector.text), `${family.validator}(${JSON.stringify(vector.text)})`).toBe(
            meta.valid,
          );
          if (meta.valid) family.alsoValid?.(vector.text);
          if (meta.parse && !meta.valid) family.alsoParseInvalid?.(vector.text);
        });
      }
    });
  }
});
