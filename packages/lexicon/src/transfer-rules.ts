// Rules of the owner-transfer records the lexicon schema cannot express: which collection each
// at-uri names. Who may write them (the current owner, the named new owner) is not a property of a
// record: the indexer's registry decides that (apps/atrarium/src/registry/transfer-rule.ts).
import { COMMUNITY_CONFIG_NSID, COMMUNITY_TRANSFER_NSID } from "./generated/types.ts";
import type { FieldError } from "./result.ts";
import type { Rule } from "./rules.ts";
import { recordUriProblem } from "./syntax.ts";

function uriIn(field: string, value: unknown, collection: string, tidKey: boolean): FieldError[] {
  if (typeof value !== "string") return [];
  const message = recordUriProblem(value, collection, tidKey);
  return message ? [{ field, message }] : [];
}

export const communityTransferRules: Rule = (record) =>
  uriIn("community", record.community, COMMUNITY_CONFIG_NSID, true);

export const communityTransferAcceptRules: Rule = (record) => {
  const errors = [
    ...uriIn("community", record.community, COMMUNITY_CONFIG_NSID, true),
    ...uriIn("config", record.config, COMMUNITY_CONFIG_NSID, true),
  ];
  const transfer = record.transfer;
  if (typeof transfer === "object" && transfer !== null && !Array.isArray(transfer))
    errors.push(...uriIn("transfer.uri", (transfer as { uri?: unknown }).uri, COMMUNITY_TRANSFER_NSID, true));
  if (typeof record.config === "string" && record.config === record.community)
    errors.push({
      field: "config",
      message: "must be the accepting account's own config, not the community's",
    });
  return errors;
};
