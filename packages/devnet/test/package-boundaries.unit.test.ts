// The workspace's package boundaries, checked from the files themselves: no dependency cycle among our
// packages (devDependencies included: a cycle hidden by hoisting is still a cycle), every workspace
// package a file imports is declared by the package that holds the file, and the orchestrator
// reaches the apps only through their package scripts, never their files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const workspaceGlobs = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"))
  .workspaces as string[];

interface Workspace {
  name: string;
  dir: string;
  declared: Set<string>;
}

function workspaces(): Workspace[] {
  const dirs = workspaceGlobs.flatMap((glob) =>
    glob.endsWith("/*")
      ? readdirSync(path.join(root, glob.slice(0, -2))).map((d) => path.join(root, glob.slice(0, -2), d))
      : [path.join(root, glob)],
  );
  return dirs.flatMap((dir) => {
    const file = path.join(dir, "package.json");
    try {
      const pkg = JSON.parse(readFileSync(file, "utf8"));
      const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
      return [{ name: pkg.name as string, dir, declared: new Set(Object.keys(deps)) }];
    } catch {
      return [];
    }
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry) ? [full] : [];
  });
}

const importedPackages = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(@atrarium\/[a-z0-9-]+)/g)].map(
    (m) => m[1],
  );

describe("package boundaries", () => {
  const all = workspaces();
  const ours = new Set(all.map((w) => w.name));

  it("has no dependency cycle among workspace packages", () => {
    const edges = new Map(all.map((w) => [w.name, [...w.declared].filter((d) => ours.has(d))]));
    const cycles: string[] = [];
    const visit = (name: string, trail: string[]) => {
      if (trail.includes(name)) {
        cycles.push([...trail.slice(trail.indexOf(name)), name].join(" -> "));
        return;
      }
      for (const next of edges.get(name) ?? []) visit(next, [...trail, name]);
    };
    for (const name of ours) visit(name, []);
    expect(cycles).toEqual([]);
  });

  it("declares every workspace package a file imports", () => {
    const undeclared = all.flatMap((w) =>
      sourceFiles(w.dir).flatMap((file) =>
        importedPackages(file)
          .filter((pkg) => pkg !== w.name && !w.declared.has(pkg))
          .map((pkg) => `${path.relative(root, file)} imports ${pkg}`),
      ),
    );
    expect(undeclared).toEqual([]);
  });

  it("keeps the orchestrator out of the apps' files", () => {
    const devnet = all.find((w) => w.name === "@atrarium/devnet");
    expect(devnet).toBeDefined();
    const reachIn = sourceFiles(path.join(devnet?.dir ?? "", "src")).filter((file) =>
      /["'`/]apps\/|from "@atrarium\/(worker|dashboard)/.test(readFileSync(file, "utf8")),
    );
    expect(reachIn.map((f) => path.relative(root, f))).toEqual([]);
  });
});
