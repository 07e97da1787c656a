// Both message catalogs carry the same keys, the same {placeholders} per key, and no empty message;
// and no component renders a hard-coded English sentence instead of a catalog key.
import path from "node:path";
import { describeMessageCatalogs } from "@atrarium/testkit";
import en from "../src/i18n/en.json" with { type: "json" };
import ja from "../src/i18n/ja.json" with { type: "json" };

describeMessageCatalogs("dashboard", {
  catalogs: { en, ja },
  srcDir: path.resolve(import.meta.dirname, "../src"),
  minKeysUsed: 50,
});
