// atproto data-model vectors: JSON <-> DAG-CBOR <-> CID fixtures, and documents that are (not) valid
// data-model values. JSON goes through @atproto/lex-json in strict mode, CBOR through @atproto/lex-cbor.
import { cidForLex, decode, encode } from "@atproto/lex-cbor";
import { isLexMap, type LexValue, lexEquals } from "@atproto/lex-data";
import { type JsonValue, jsonToLex, lexToJson } from "@atproto/lex-json";
import { describe, expect, it } from "vitest";
import { nonEmpty, readVectorJson } from "./vectors.ts";

type Fixture = { json: JsonValue; cbor_base64: string; cid: string };
type Document = { note: string; json: JsonValue };

const fixtures = nonEmpty(readVectorJson<Fixture[]>("data-model/data-model-fixtures.json"), "fixtures");
const validDocs = nonEmpty(readVectorJson<Document[]>("data-model/data-model-valid.json"), "valid docs");
const invalidDocs = nonEmpty(
  readVectorJson<Document[]>("data-model/data-model-invalid.json"),
  "invalid docs",
);

// The fixtures spell CBOR as unpadded standard base64.
function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/=+$/, "");
}

// A data-model document (a record body) is a map at the top level. `strict` is essential: without it
// lex-json keeps bad $type values and malformed $link/$bytes/blob objects as plain data.
function parseDocument(json: JsonValue): LexValue {
  const lex = jsonToLex(json, { strict: true });
  if (!isLexMap(lex)) throw new Error("top-level value is not an object");
  return lex;
}

describe("interop data-model fixtures (JSON <-> DAG-CBOR <-> CID)", () => {
  fixtures.forEach((fixture, index) => {
    describe(`fixture #${index} (${fixture.cid})`, () => {
      it("JSON encodes to exactly the fixture's DAG-CBOR bytes", () => {
        expect(toBase64(encode(parseDocument(fixture.json)))).toBe(fixture.cbor_base64);
      });

      it("JSON hashes to the fixture's CID", async () => {
        expect((await cidForLex(parseDocument(fixture.json))).toString()).toBe(fixture.cid);
      });

      it("the fixture's CBOR decodes to the same value and back to the same JSON", () => {
        const bytes = Buffer.from(fixture.cbor_base64, "base64");
        const decoded = decode(bytes);
        expect(lexEquals(decoded, parseDocument(fixture.json))).toBe(true);
        // toEqual ignores key order, which DAG-CBOR canonicalises (length-first) and JSON does not.
        expect(lexToJson(decoded)).toEqual(fixture.json);
        expect(toBase64(encode(decoded))).toBe(fixture.cbor_base64);
      });
    });
  });
});

describe("interop data-model valid documents", () => {
  for (const doc of validDocs) {
    it(`accepts: ${doc.note}`, () => {
      const lex = parseDocument(doc.json);
      expect(lexToJson(decode(encode(lex)))).toEqual(doc.json);
    });
  }
});

describe("interop data-model invalid documents", () => {
  for (const doc of invalidDocs) {
    it(`rejects: ${doc.note}`, () => {
      expect(() => parseDocument(doc.json)).toThrow();
    });
  }
});
