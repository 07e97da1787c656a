// When a build counts as current: dist/index.html at least as new as every source (and the lockfile);
// a current build is not rebuilt. The real `vite build` runs in the apps' own tests (e2e/).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureViteBuilt, type ViteApp, viteBuildIsCurrent } from "../src/index.ts";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function app(): ViteApp {
  root = mkdtempSync(path.join(tmpdir(), "vite-build-test-"));
  mkdirSync(path.join(root, "src", "deep"), { recursive: true });
  writeFileSync(path.join(root, "src", "deep", "main.ts"), "export {};");
  return { name: "test app", root, sources: [path.join(root, "src")] };
}

function build(app: ViteApp) {
  mkdirSync(path.join(app.root, "dist"), { recursive: true });
  writeFileSync(path.join(app.root, "dist", "index.html"), "<!doctype html>");
}

describe("viteBuildIsCurrent", () => {
  it("is false without a dist/index.html", () => {
    expect(viteBuildIsCurrent(app())).toBe(false);
  });

  it("is true when the build is newer than every source, false once a nested source changes", () => {
    const a = app();
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, "src", "deep", "main.ts"), past, past);
    utimesSync(path.join(root, "src", "deep"), past, past);
    utimesSync(path.join(root, "src"), past, past);
    build(a);
    expect(viteBuildIsCurrent(a)).toBe(true);
    const future = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, "src", "deep", "main.ts"), future, future);
    expect(viteBuildIsCurrent(a)).toBe(false);
  });
});

describe("ensureViteBuilt", () => {
  it("leaves a current build alone (no vite run, no lock left behind)", async () => {
    const a = app();
    const past = new Date(Date.now() - 60_000);
    for (const p of ["src/deep/main.ts", "src/deep", "src"]) utimesSync(path.join(root, p), past, past);
    build(a);
    expect(await ensureViteBuilt(a)).toBe(false);
  });
});
