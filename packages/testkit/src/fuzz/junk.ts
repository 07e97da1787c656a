// Inputs no schema expects: odd strings, any JSON value, raw bytes, and the broken bodies a careless
// or hostile client sends (truncated JSON, wrong content types).
import fc from "fast-check";

const nastyStrings = [
  "",
  " ",
  "null",
  "undefined",
  "\u0000",
  "\uFEFF",
  "\uD800",
  "../../etc/passwd",
  "%00",
  "%zz",
  "did:",
  "did:plc:",
  "did:web:",
  "at://",
  "at:///",
  "-1",
  "1e309",
  "NaN",
  "9007199254740993",
  "__proto__",
  "constructor",
  "<script>",
  "' OR 1=1 --",
  "a".repeat(5000),
  "💥".repeat(2000),
];

export const junkString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);

export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  junkString,
  fc.constantFrom(null, true, -1, 0, 2 ** 53, -(2 ** 63), 1.5, [], {}, { __proto__: { admin: true } }),
);

export const junkBytes: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 2048 });

// A body and the content type it claims, for procedures: mostly mismatched or broken.
export const junkBody: fc.Arbitrary<{ contentType: string | undefined; body: string | Uint8Array }> =
  fc.record({
    contentType: fc.constantFrom(
      undefined,
      "application/json",
      "application/json; charset=latin1",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/cbor",
      "application/vnd.ipld.car",
      "*/*",
      "",
      'application/json; x="\u00e9"',
    ),
    body: fc.oneof(
      junkString,
      junkBytes,
      fc.jsonValue({ maxDepth: 3 }).map((v) => {
        const json = JSON.stringify(v) ?? "";
        return json.slice(0, Math.max(0, json.length - 1));
      }),
    ),
  });
