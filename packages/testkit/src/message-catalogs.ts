// The checks every web app's message catalogs (en, ja) pass: the same keys, the same {placeholders}
// per key, no empty message, every key a component asks for with t("...") present, and no
// hard-coded English sentence between JSX tags. Shared by the dashboard's and the PDS admin UI's tests.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsxFiles(path.join(dir, e.name))
      : e.name.endsWith(".tsx")
        ? [path.join(dir, e.name)]
        : [],
  );
}

export function describeMessageCatalogs(
  app: string,
  opts: {
    catalogs: { en: Record<string, string> } & Record<string, Record<string, string>>;
    // The app's source directory, searched for t("...") calls and JSX text.
    srcDir: string;
    // At least this many keys are used literally (guards against the scan silently finding nothing).
    minKeysUsed: number;
  },
): void {
  const { catalogs, srcDir } = opts;
  const en = catalogs.en;
  describe(`${app} message catalogs`, () => {
    it("have the same keys in every language", () => {
      for (const [locale, catalog] of Object.entries(catalogs))
        expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(en).sort());
    });

    it("use the same placeholders in every language and leave no message empty", () => {
      for (const key of Object.keys(en)) {
        for (const [locale, catalog] of Object.entries(catalogs)) {
          expect(catalog[key]?.trim(), `${locale} ${key}`).not.toBe("");
          expect(placeholders(catalog[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
        }
      }
    });

    it("cover every key the components use", () => {
      const used = new Set<string>();
      for (const file of tsxFiles(srcDir)) {
        const text = readFileSync(file, "utf8");
        for (const m of text.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(m[1]);
      }
      expect(used.size).toBeGreaterThan(opts.minKeysUsed);
      expect([...used].filter((key) => !(key in en))).toEqual([]);
    });

    it("leave no hard-coded text between JSX tags", () => {
      const offenders: string[] = [];
      for (const file of tsxFiles(srcDir)) {
        const text = readFileSync(file, "utf8");
        // Text directly between > and < with at least two letters, e.g. <p>Hello</p>.
        for (const m of text.matchAll(/(?<![=-])>\s*([A-Za-z][A-Za-z ,.'!?]+[A-Za-z.!?])\s*</g))
          offenders.push(`${path.basename(file)}: ${m[1]}`);
      }
      expect(offenders).toEqual([]);
    });
  });
}
