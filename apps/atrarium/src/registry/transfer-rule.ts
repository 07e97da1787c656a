// When an owner transfer takes effect. Three records in two repos make one, and only the registry
// decides (never either side alone):
// - the offer (net.atrarium.community.transfer) is written by the owner of the claim: the DID of the
//   config that owns the hashtag now, and names that config;
// - the acceptance (net.atrarium.community.transferAccept) is written by the account the offer names,
//   references that offer (uri and cid: an edited offer needs a new acceptance) and the same config;
// - the config the acceptance names is the accepting account's own and carries the same hashtag
//   (the registry has seen it: it was refused a claim the hashtag's owner holds).
// Records arrive in any order; the check runs whenever one of them arrives, so the last one completes
// the transfer. Anything else (only one half, an offer by a third party, an acceptance by another
// account than the one named) changes nothing.

export interface TransferOffer {
  uri: string;
  cid: string;
  author: string;
  community: string;
  newOwner: string;
  // The offer's own createdAt: for display and choosing the newest offer to show, decides nothing.
  createdAt: string;
}

export interface TransferAcceptance {
  uri: string;
  author: string;
  transferUri: string;
  transferCid: string;
  community: string;
  config: string;
}

export interface CurrentClaim {
  configUri: string;
  owner: string;
}

/** The repo DID of an at-uri (`at://<did>/...`). */
export const authorityOf = (uri: string): string => uri.slice("at://".length).split("/")[0] ?? "";

/**
 * The offer and acceptance that hand `current` over, if any. `configSeen(uri)`: the registry has the
 * accepting account's config for this hashtag. Several candidates: the smallest acceptance uri wins,
 * so replays decide the same.
 */
export function completedTransfer(
  current: CurrentClaim,
  offers: TransferOffer[],
  acceptances: TransferAcceptance[],
  configSeen: (configUri: string) => boolean,
): { offer: TransferOffer; acceptance: TransferAcceptance } | null {
  const valid = offers.filter(
    (o) => o.author === current.owner && o.community === current.configUri && o.newOwner !== current.owner,
  );
  const matches = acceptances
    .flatMap((a) => {
      const offer = valid.find((o) => o.uri === a.transferUri && o.cid === a.transferCid);
      if (!offer || a.author !== offer.newOwner || a.community !== current.configUri) return [];
      if (authorityOf(a.config) !== a.author || !configSeen(a.config)) return [];
      return [{ offer, acceptance: a }];
    })
    .sort((x, y) => (x.acceptance.uri < y.acceptance.uri ? -1 : 1));
  return matches[0] ?? null;
}
