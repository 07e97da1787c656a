// Both message catalogs carry the same keys, the same {placeholders} per key, and no empty message;
// and no component renders a hard-coded English sentence instead of a catalog key.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "../src/i18n/en.json" with { type: "json" };
import ja from "../src/i18n/ja.json" with { type: "json" };

const catalogs: Record<string, Record<string, string>> = { en, ja };
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const src = path.resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : e.name.endsWith(".tsx")
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe("dashboard message catalogs", () => {
  it("have the same keys in English and Japanese", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it("use the same placeholders in both languages and leave no message empty", () => {
    for (const key of Object.keys(en)) {
      for (const [locale, catalog] of Object.entries(catalogs)) {
        expect(catalog[key]?.trim(), `${locale} ${key}`).not.toBe("");
        expect(placeholders(catalog[key]), `${locale} ${key}`).toEqual(
          placeholders(en[key as keyof typeof en]),
        );
      }
    }
  });

  it("cover every key the components use", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });

  it("leave no hard-coded text between JSX tags", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, "utf8");
      // Text directly between > and < with at least two letters, e.g. <p>Hello</p>.
      for (const m of text.matchAll(/(?<![=-])>\s*([A-Za-z][A-Za-z ,.'!?]+[A-Za-z.!?])\s*</g))
        offenders.push(`${path.basename(file)}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });
});
