// Create a community: the Worker writes a net.atrarium.community.config record with a generated, unused
// hashtag into the user's repo (so it needs the user's permission first), shown afterwards with a copy
// button. With ?parent=<id>, a theme inside that community (its owner and moderators only).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { CommunityFields } from "../components/CommunityFields.tsx";
import { CopyButton } from "../components/CopyButton.tsx";
import { SignInPrompt } from "../components/SignInPrompt.tsx";
import { ErrorMessage } from "../components/Status.tsx";
import { useWorkerWritesReady, WorkerAccessPrompt } from "../components/WorkerAccessPrompt.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { keys, useApi, useCommunity } from "../lib/queries.ts";
import { useSession } from "../lib/session.tsx";
import { createCommunity } from "../lib/worker-writes.ts";

export function NewCommunityPage() {
  const { t } = useI18n();
  const { state } = useSession();
  const api = useApi();
  const canWrite = useWorkerWritesReady();
  const queryClient = useQueryClient();
  const { parent } = useSearch({ from: "/communities/new" });
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation({
    mutationFn: async () => {
      if (state.status !== "signed-in") throw new Error("not signed in");
      return createCommunity(api, { name, description, moderators: [] }, parent);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.communities }),
  });

  if (state.status !== "signed-in")
    return <SignInPrompt redirect={parent ? `/communities/new?parent=${parent}` : "/communities/new"} />;

  if (create.data) {
    const { id, hashtag } = create.data;
    return (
      <section className="narrow">
        <h1>{t("create.doneTitle")}</h1>
        <div className="notice notice-success" role="status">
          <p>{t("create.doneIntro", { name: name.trim() })}</p>
          <p className="hashtag-row">
            <code className="hashtag big" data-testid="new-hashtag">
              {hashtag}
            </code>
            <CopyButton value={hashtag} label={t("community.copyHashtag")} />
          </p>
          <p className="hint">{t("create.hashtagHint")}</p>
        </div>
        <Link to="/communities/$id" params={{ id }} className="button">
          {t("create.open")}
        </Link>
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="narrow">
      <h1>{parent ? t("create.themeTitle") : t("create.title")}</h1>
      <p className="lead">{t("create.intro")}</p>
      {parent && <ThemeParent parent={parent} />}
      {!canWrite ? (
        <WorkerAccessPrompt />
      ) : (
        <form className="form" onSubmit={submit}>
          <CommunityFields
            name={name}
            description={description}
            onName={setName}
            onDescription={setDescription}
          />
          {create.isError && <ErrorMessage error={create.error} />}
          <button type="submit" disabled={create.isPending || name.trim() === ""}>
            {create.isPending ? t("create.submitting") : t(parent ? "create.submitTheme" : "create.submit")}
          </button>
        </form>
      )}
    </section>
  );
}

function ThemeParent({ parent }: { parent: string }) {
  const { t } = useI18n();
  const community = useCommunity(parent);
  return (
    <p className="notice" data-testid="theme-parent">
      {t("create.themeIntro", { parent: community.data?.community.name ?? parent })}
    </p>
  );
}
