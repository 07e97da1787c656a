// For the owner: who may join. Open: joining makes a member. Invite-only: a join is a request until an
// owner or moderator approves it (or invited the user). Switching to invite-only through the Worker keeps
// the current members (it approves them first: write/access-switch.ts in the Worker).
import type { CommunityDefsCommunityView } from "@atrarium/lexicon";
import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { INVITE_ONLY } from "../lib/member-access.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { updateCommunityConfig } from "../lib/worker-writes.ts";
import { ErrorMessage } from "./Status.tsx";
import { useWorkerWritesReady, WorkerAccessPrompt } from "./WorkerAccessPrompt.tsx";

export function AccessTypeEditor({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const [access, setAccess] = useState(community.accessType === INVITE_ONLY ? INVITE_ONLY : "open");
  const save = useCommunityWrite(community.id, (_, api, accessType: string) =>
    updateCommunityConfig(api, { community: community.id, accessType }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(access);
  };
  return (
    <>
      <h2>{t("access.title")}</h2>
      {!canWrite ? (
        <WorkerAccessPrompt />
      ) : (
        <form className="form" onSubmit={submit} data-testid="access-type">
          <label>
            {t("access.label")}
            <select name="accessType" value={access} onChange={(e) => setAccess(e.target.value)}>
              <option value="open">{t("access.open")}</option>
              <option value={INVITE_ONLY}>{t("access.inviteOnly")}</option>
            </select>
          </label>
          <p className="hint">{t("access.hint")}</p>
          {save.isError && <ErrorMessage error={save.error} />}
          {save.isSuccess && (
            <p className="notice notice-success" role="status">
              {t("access.saved")}
            </p>
          )}
          <button type="submit" disabled={save.isPending}>
            {t("access.save")}
          </button>
        </form>
      )}
    </>
  );
}
