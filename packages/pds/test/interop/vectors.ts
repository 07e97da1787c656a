// Shared access to the CC0 atproto interop vectors, vendored beside this file in vectors/ (see its
// SOURCE.md and LICENSE-CC0). Nothing here filters or rewrites a vector: callers get every case, so a
// test can only pass by running it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const vectorsDir = path.join(import.meta.dirname, "vectors");

// Fail loudly at import time: a missing checkout must not turn into an empty (green) test run.
if (!existsSync(path.join(vectorsDir, "SOURCE.md"))) {
  throw new Error(`interop vectors not found at ${vectorsDir} (vendored in the repository)`);
}

export function vectorPath(relative: string): string {
  return path.join(vectorsDir, relative);
}

export function readVectorJson<T>(relative: string): T {
  return JSON.parse(readFileSync(vectorPath(relative), "utf8")) as T;
}

export function listVectorFiles(relativeDir: string): string[] {
  return readdirSync(vectorPath(relativeDir)).sort();
}

export type VectorLine = { line: number; text: string };

/**
 * One case per line; blank lines and lines starting with '#' are skipped (SOURCE.md). Leading and
 * trailing whitespace is kept on purpose: several invalid cases are exactly "value plus a space".
 */
export function readVectorLines(relative: string): VectorLine[] {
  const cases: VectorLine[] = [];
  readFileSync(vectorPath(relative), "utf8")
    .split("\n")
    .forEach((text, index) => {
      if (text.trim() === "" || text.startsWith("#")) return;
      cases.push({ line: index + 1, text });
    });
  return cases;
}

/** A readable, unique test title for one line; very long cases are shortened with their length. */
export function lineTitle(vector: VectorLine): string {
  const shown =
    vector.text.length > 80 ? `${vector.text.slice(0, 60)}…(${vector.text.length} chars)` : vector.text;
  return `L${vector.line} ${JSON.stringify(shown)}`;
}

/** Arrays with at least one element, so a vector file that loads empty fails instead of passing. */
export function nonEmpty<T>(items: T[], what: string): T[] {
  if (items.length === 0) throw new Error(`no cases loaded from ${what}`);
  return items;
}
