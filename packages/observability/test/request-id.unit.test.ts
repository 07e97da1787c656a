import { describe, expect, it } from "vitest";
import { acceptRequestId, requestIdFor } from "../src/index.ts";

describe("request ids", () => {
  it("accepts plain tokens up to 128 characters, nothing else", () => {
    for (const ok of ["a", "abc-DEF_123.x", "0".repeat(128), "3f1c2d9e-1b2c-4d5e-8f90-a1b2c3d4e5f6"]) {
      expect(acceptRequestId(ok), ok).toBe(ok);
    }
    for (const bad of ["", " ", "a b", "a\nb", "a/b", "é", "0".repeat(129), "id;drop", undefined]) {
      expect(acceptRequestId(bad), String(bad)).toBeUndefined();
    }
  });

  it("makes a fresh id for each request that brings none", () => {
    const a = requestIdFor(undefined);
    const b = requestIdFor("not ok");
    expect(a).not.toBe(b);
    expect(acceptRequestId(a)).toBe(a);
    expect(requestIdFor("upstream-1")).toBe("upstream-1");
  });
});
