// atproto MST vectors: key heights (leading zero bits of SHA-256 counted in 2-bit steps), common
// prefix lengths, and example keys that must be valid MST keys, checked with @atproto/repo's MST utils.
import { mstUtil } from "@atproto/repo";
import { describe, expect, it } from "vitest";
import { lineTitle, nonEmpty, readVectorJson, readVectorLines } from "./vectors.ts";

const heights = nonEmpty(
  readVectorJson<{ key: string; height: number }[]>("mst/key_heights.json"),
  "heights",
);
const prefixes = nonEmpty(
  readVectorJson<{ left: string; right: string; len: number }[]>("mst/common_prefix.json"),
  "prefixes",
);
const exampleKeys = nonEmpty(readVectorLines("mst/example_keys.txt"), "mst/example_keys.txt");

describe("interop MST key heights (leadingZerosOnHash)", () => {
  for (const { key, height } of heights) {
    it(`${JSON.stringify(key)} -> ${height}`, async () => {
      expect(await mstUtil.leadingZerosOnHash(key)).toBe(height);
    });
  }
});

describe("interop MST common prefix (countPrefixLen)", () => {
  for (const { left, right, len } of prefixes) {
    it(`${JSON.stringify(left)} / ${JSON.stringify(right)} -> ${len}`, () => {
      expect(mstUtil.countPrefixLen(left, right)).toBe(len);
    });
  }
});

describe("interop MST example keys (isValidMstKey)", () => {
  for (const key of exampleKeys) {
    it(lineTitle(key), () => {
      expect(mstUtil.isValidMstKey(key.text)).toBe(true);
    });
  }
});
