// What the admin can do to one account: take it down or restore it, turn its invites off or on, set
// its handle, email or password, delete it. Each action reports its own success or error in place.
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import type { AccountView } from "../lib/admin-api.ts";
import { useAdminApi, useMayCall } from "../lib/admin-session.tsx";
import { useAdminAction } from "../lib/use-admin-action.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { TakedownControl } from "./TakedownControl.tsx";

function Outcome({ action, done }: { action: { error: unknown; isSuccess: boolean }; done: MessageKey }) {
  const { t } = useI18n();
  if (action.error) return <ErrorNote error={action.error} />;
  if (action.isSuccess)
    return (
      <p className="success" role="status">
        {t(done)}
      </p>
    );
  return null;
}

function ActionCard({ title, children }: { title: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{t(title)}</h3>
      {children}
    </section>
  );
}

// A one-field form (new handle, email or password).
function FieldAction(props: {
  title: MessageKey;
  label: MessageKey;
  submit: MessageKey;
  done: MessageKey;
  type: "text" | "email" | "password";
  initial?: string;
  run: (value: string) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(props.initial ?? "");
  const action = useAdminAction(props.run);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate(value.trim());
  };
  return (
    <ActionCard title={props.title}>
      <form className="inline-form" onSubmit={submit}>
        <label className="grow">
          <span className="visually-hidden">{t(props.label)}</span>
          <input
            type={props.type}
            required
            autoComplete={props.type === "password" ? "new-password" : "off"}
            aria-label={t(props.label)}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="submit" className="button-secondary" disabled={action.isPending}>
          {t(props.submit)}
        </button>
      </form>
      <Outcome action={action} done={props.done} />
    </ActionCard>
  );
}

export function AccountActions(props: { account: AccountView }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const admin = api.agent.com.atproto.admin;
  const navigate = useNavigate();
  const { did } = props.account;
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Only what the signed-in role may do is offered (the server refuses the rest anyway).
  const mayCall = useMayCall();

  const invites = useAdminAction((disable: boolean) =>
    disable ? admin.disableAccountInvites({ account: did }) : admin.enableAccountInvites({ account: did }),
  );
  const remove = useAdminAction(async () => {
    await admin.deleteAccount({ did });
    await navigate({ to: "/accounts" });
  });

  return (
    <div className="actions-grid">
      <ActionCard title="actions.moderation">
        <TakedownControl did={did} />
        <p className="muted small">{t("actions.takedownHint")}</p>
      </ActionCard>
      {mayCall("com.atproto.admin.disableAccountInvites") && (
        <ActionCard title="actions.invites">
          <button
            type="button"
            className="button-secondary"
            disabled={invites.isPending}
            onClick={() => invites.mutate(!props.account.invitesDisabled)}
          >
            {props.account.invitesDisabled ? t("actions.enableInvites") : t("actions.disableInvites")}
          </button>
          <Outcome action={invites} done="actions.saved" />
        </ActionCard>
      )}
      {mayCall("com.atproto.admin.updateAccountHandle") && (
        <FieldAction
          title="actions.handle"
          label="actions.newHandle"
          submit="actions.save"
          done="actions.saved"
          type="text"
          initial={props.account.handle}
          run={(handle) => admin.updateAccountHandle({ did, handle })}
        />
      )}
      {mayCall("com.atproto.admin.updateAccountEmail") && (
        <FieldAction
          title="actions.email"
          label="actions.newEmail"
          submit="actions.save"
          done="actions.saved"
          type="email"
          initial={props.account.email}
          run={(email) => admin.updateAccountEmail({ account: did, email })}
        />
      )}
      {mayCall("com.atproto.admin.updateAccountPassword") && (
        <FieldAction
          title="actions.password"
          label="actions.newPassword"
          submit="actions.setPassword"
          done="actions.passwordSet"
          type="password"
          run={(password) => admin.updateAccountPassword({ did, password })}
        />
      )}
      {mayCall("com.atproto.admin.deleteAccount") && (
        <ActionCard title="actions.delete">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={confirmDelete}
              onChange={(e) => setConfirmDelete(e.target.checked)}
            />
            {t("actions.deleteConfirm", { handle: props.account.handle })}
          </label>
          <button
            type="button"
            className="button-danger"
            disabled={!confirmDelete || remove.isPending}
            onClick={() => remove.mutate(undefined)}
          >
            {t("actions.deleteAccount")}
          </button>
          <Outcome action={remove} done="actions.deleted" />
        </ActionCard>
      )}
    </div>
  );
}
