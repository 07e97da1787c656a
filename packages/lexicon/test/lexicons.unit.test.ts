import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Lexicons } from "@atproto/lexicon";
import { describe, expect, it } from "vitest";
import { GENERATED_DIR, generateFiles, LEXICON_DIR, readLexiconDocs } from "../scripts/codegen.ts";
import {
  ATRARIUM_LEXICON_DOCS,
  ATRARIUM_RECORD_NSIDS,
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_EMOJI_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  COMMUNITY_REACTION_NSID,
  COMMUNITY_TRANSFER_ACCEPT_NSID,
  COMMUNITY_TRANSFER_NSID,
  MODERATION_ACTION_NSID,
  validateAtrariumRecord,
} from "../src/index.ts";
import { validAction, validConfig, validMembership } from "./fixtures.ts";

describe("generated code", () => {
  it("matches a fresh generation from lexicons/ (run `npm run gen -w @atrarium/lexicon` if not)", () => {
    const expected = generateFiles(readLexiconDocs());
    expect(readdirSync(GENERATED_DIR).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) {
      expect(readFileSync(join(GENERATED_DIR, name), "utf8"), name).toBe(text);
    }
  });

  it("exports the lexicon docs exactly as written in lexicons/", () => {
    const files = readdirSync(LEXICON_DIR, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".json"))
      .sort();
    expect(files).toContain("sync/indexRecord.json");
    const onDisk = files.map((file) => JSON.parse(readFileSync(join(LEXICON_DIR, file), "utf8")));
    expect(ATRARIUM_LEXICON_DOCS).toEqual(onDisk);
  });

  it("declares every record with a tid key, and loads into a Lexicons registry", () => {
    const registry = new Lexicons(ATRARIUM_LEXICON_DOCS);
    expect(ATRARIUM_RECORD_NSIDS).toEqual([
      COMMUNITY_CONFIG_NSID,
      COMMUNITY_EMOJI_NSID,
      COMMUNITY_MEMBERSHIP_NSID,
      COMMUNITY_REACTION_NSID,
      COMMUNITY_TRANSFER_NSID,
      COMMUNITY_TRANSFER_ACCEPT_NSID,
      MODERATION_ACTION_NSID,
    ]);
    for (const nsid of ATRARIUM_RECORD_NSIDS) {
      expect(registry.getDefOrThrow(nsid, ["record"])).toMatchObject({ type: "record", key: "tid" });
    }
  });

  it("passes the PDS-style record check for valid records", () => {
    const registry = new Lexicons(ATRARIUM_LEXICON_DOCS);
    expect(() => registry.assertValidRecord(COMMUNITY_CONFIG_NSID, validConfig())).not.toThrow();
    expect(() => registry.assertValidRecord(COMMUNITY_MEMBERSHIP_NSID, validMembership())).not.toThrow();
    expect(() => registry.assertValidRecord(MODERATION_ACTION_NSID, validAction())).not.toThrow();
  });
});

describe("validateAtrariumRecord", () => {
  it("dispatches on the NSID", () => {
    expect(validateAtrariumRecord(COMMUNITY_CONFIG_NSID, validConfig()).ok).toBe(true);
    expect(validateAtrariumRecord(COMMUNITY_MEMBERSHIP_NSID, validMembership()).ok).toBe(true);
    expect(validateAtrariumRecord(MODERATION_ACTION_NSID, validAction()).ok).toBe(true);
    // A valid membership is not a valid config: the config's required fields are missing.
    expect(validateAtrariumRecord(COMMUNITY_CONFIG_NSID, { ...validMembership(), $type: undefined }).ok).toBe(
      false,
    );
  });

  it("rejects an NSID outside net.atrarium", () => {
    expect(validateAtrariumRecord("app.bsky.feed.post", { text: "hi" })).toEqual({
      ok: false,
      errors: [{ field: "$type", message: "app.bsky.feed.post is not a net.atrarium record type" }],
    });
  });
});
