// The admin UI's catalogs (en, ja) agree on keys and placeholders and cover what the components use.
import path from "node:path";
import { describeMessageCatalogs } from "@atrarium/testkit";
import en from "../src/i18n/en.json" with { type: "json" };
import ja from "../src/i18n/ja.json" with { type: "json" };

describeMessageCatalogs("PDS admin UI", {
  catalogs: { en, ja },
  srcDir: path.resolve(import.meta.dirname, "../src"),
  minKeysUsed: 60,
});
