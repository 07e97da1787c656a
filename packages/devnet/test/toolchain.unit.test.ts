// The project runs on the Node 24 it installs from the npm registry, whatever Node the machine has.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("toolchain", () => {
  it("tests run on Node 24", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });

  it("`node` on the PATH of npm scripts is Node 24", () => {
    expect(execFileSync("node", ["--version"], { encoding: "utf8" }).trim()).toMatch(/^v24\./);
  });
});
