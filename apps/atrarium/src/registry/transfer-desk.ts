// The registry's side of owner transfers (transfer-rule.ts decides): records offers and acceptances,
// keeps the accepting account's config until the transfer completes (it cannot claim a hashtag
// another config owns, so it waits in the parked table under `transfer:<id>:<config uri>`), and when
// the last of the three arrives moves the claim: same community id, the new owner's config uri, the
// same observation time (the community's claim is as old as it was). The previous config is retired:
// it never claims again and its later edits are ignored; records naming it still reach the community.
// A completed transfer is final: deleting the offer or the acceptance afterwards changes nothing.
import { first } from "../shared/sql.ts";
import { park, unpark } from "./parked-store.ts";
import { entryByConfigUri, entryById, putClaim } from "./registry-store.ts";
import { completedTransfer, type TransferAcceptance, type TransferOffer } from "./transfer-rule.ts";
import {
  acceptancesFor,
  type CompletedTransfer,
  latestOffer,
  putAcceptance,
  putOffer,
  recordDone,
  retiredConfigId,
  tombstoneTransferRecord,
} from "./transfer-store.ts";

export interface TransferOutcome extends CompletedTransfer {
  // The rev of the offer in the previous owner's repo: their decisions before it keep counting.
  offerRev: string;
  // Events that waited for the new config: the config itself first, then records naming it.
  events: string[];
}

const waitingKey = (id: string, configUri: string) => `transfer:${id}:${configUri}`;

/** The community a config uri names now: its own claim, or the claim a transfer moved it to. */
export function currentEntryOf(sql: SqlStorage, configUri: string) {
  const own = entryByConfigUri(sql, configUri);
  if (own) return own;
  const id = retiredConfigId(sql, configUri);
  return id ? entryById(sql, id) : null;
}

function tryComplete(sql: SqlStorage, community: string, now: number): TransferOutcome | null {
  const current = entryByConfigUri(sql, community);
  if (!current) return null;
  // Only the owner's offer in force counts: an older one, replaced or withdrawn, can no longer be accepted.
  const offer = latestOffer(sql, community, current.owner);
  const found = completedTransfer(
    current,
    offer ? [offer] : [],
    acceptancesFor(sql, community),
    (uri) =>
      first(sql, "SELECT 1 AS ok FROM parked WHERE waits_for = ? LIMIT 1", waitingKey(current.id, uri)) !==
      undefined,
  );
  if (!found) return null;
  const done: CompletedTransfer = {
    id: current.id,
    oldConfigUri: current.configUri,
    oldOwner: current.owner,
    newConfigUri: found.acceptance.config,
    newOwner: found.acceptance.author,
    doneAt: now,
  };
  putClaim(sql, { ...current, configUri: done.newConfigUri, owner: done.newOwner });
  recordDone(sql, done);
  const offerRev =
    first<{ rev: string }>(sql, "SELECT rev FROM transfer_offer WHERE uri = ?", found.offer.uri)?.rev ?? "";
  return {
    ...done,
    offerRev,
    events: unpark(sql, [waitingKey(current.id, done.newConfigUri), done.newConfigUri]),
  };
}

export function offerArrived(sql: SqlStorage, o: TransferOffer, rev: string, now: number) {
  if (!putOffer(sql, o, rev)) return null;
  return tryComplete(sql, o.community, now);
}

export function acceptanceArrived(sql: SqlStorage, a: TransferAcceptance, rev: string, now: number) {
  if (!putAcceptance(sql, a, rev)) return null;
  return tryComplete(sql, a.community, now);
}

export function transferRecordDeleted(
  sql: SqlStorage,
  table: "transfer_offer" | "transfer_accept",
  uri: string,
  rev: string,
): void {
  tombstoneTransferRecord(sql, table, uri, rev);
}

// A config refused a claim because another config owns its hashtag `id`: it waits, in case it is the
// config a transfer hands the community to (the acceptance may come before or after it).
export function configWaiting(
  sql: SqlStorage,
  id: string,
  configUri: string,
  event: string,
  now: number,
): TransferOutcome | null {
  const current = entryById(sql, id);
  if (!current || current.configUri === configUri || retiredConfigId(sql, configUri)) return null;
  park(sql, configUri, waitingKey(id, configUri), event, now);
  return tryComplete(sql, current.configUri, now);
}
