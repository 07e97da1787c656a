// Owner transfer (issue 22). The owner, in Settings, picks a member and offers them the community; the
// member sees a banner on the community's page and accepts. The Worker's registry hands the community
// over once the offer, the acceptance and the new owner's config are indexed; until the member
// accepts, nothing changes.
import type {
  CommunityDefsCommunityView,
  CommunityGetViewerStateTransferOffer as TransferOffer,
} from "@atrarium/lexicon";
import { useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { useMembers, useViewer } from "../lib/queries.ts";
import { useSession } from "../lib/session.tsx";
import { acceptOwnership, offerOwnership } from "../lib/transfer-writes.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { Handle } from "./Handle.tsx";
import { ErrorMessage } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

export function TransferOwnershipPanel({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const members = useMembers(community.id);
  const offer = useViewer(community.id).data?.transferOffer;
  const [picked, setPicked] = useState("");
  const transfer = useCommunityWrite(community.id, (_, api, newOwner: string) =>
    offerOwnership(api, community.id, newOwner),
  );
  const candidates = (members.data?.pages.flatMap((p) => p.members) ?? []).filter(
    (m) => m.role !== "owner" && !m.blocked,
  );
  return (
    <section className="transfer-panel" aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t("transfer.title")}</h2>
      <p>{t("transfer.intro")}</p>
      {offer && (
        <p className="notice" role="status" data-testid="transfer-pending">
          {t("transfer.pending")} <Handle did={offer.to} />
        </p>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (picked) transfer.mutate(picked);
        }}
      >
        <label>
          {t("transfer.pick")}
          <select name="newOwner" value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">—</option>
            {candidates.map((m) => (
              <option key={m.did} value={m.did}>
                {m.did}
              </option>
            ))}
          </select>
        </label>
        {transfer.isError && <ErrorMessage error={transfer.error} />}
        <button type="submit" disabled={!picked || transfer.isPending || !canWrite}>
          {t("transfer.submit")}
        </button>
      </form>
    </section>
  );
}

// Shown to the member the owner offered the community to.
export function TransferOfferBanner({
  community,
  offer,
}: {
  community: CommunityDefsCommunityView;
  offer?: TransferOffer;
}) {
  const { t } = useI18n();
  const { state } = useSession();
  const canWrite = useWorkerWritesReady();
  const accept = useCommunityWrite(community.id, (_, api) => acceptOwnership(api, community.id));
  if (!offer || state.status !== "signed-in" || offer.to !== state.did) return null;
  return (
    <div className="notice transfer-offer" role="status" data-testid="transfer-offer">
      <p>
        <Handle did={offer.from} /> {t("transfer.offersYou")}
      </p>
      {accept.isError && <ErrorMessage error={accept.error} />}
      <button type="button" disabled={accept.isPending || !canWrite} onClick={() => accept.mutate(undefined)}>
        {t("transfer.accept")}
      </button>
    </div>
  );
}
