// The administrators (admin roles), for the owner: each with its role, which can be changed in place,
// and a button to remove it; a form to add one with a name, role and password. The break-glass `admin`
// (PDS_ADMIN_PASSWORD) is not listed: it is configured, not stored.
import { ADMIN_ROLES, type AdminRole } from "@atrarium/lexicon";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import type { AdminView } from "../lib/admin-api.ts";
import { useAdminApi } from "../lib/admin-session.tsx";
import { useAdminAction } from "../lib/use-admin-action.ts";

function RoleSelect(props: {
  label: string;
  value: AdminRole;
  onChange: (role: AdminRole) => void;
  disabled?: boolean;
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value as AdminRole)}
    >
      <RoleOptions />
    </select>
  );
}

function RoleOptions() {
  const { t } = useI18n();
  return ADMIN_ROLES.map((role) => (
    <option key={role} value={role}>
      {t(`role.${role}`)}
    </option>
  ));
}

function AddAdminForm() {
  const { t } = useI18n();
  const api = useAdminApi();
  const [name, setName] = useState("");
  const [role, setRole] = useState<AdminRole>("viewer");
  const [password, setPassword] = useState("");
  const add = useAdminAction(() =>
    api.procedure("net.atrarium.pds.admin.createAdmin", { name: name.trim(), role, password }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(undefined, {
      onSuccess: () => {
        setName("");
        setPassword("");
      },
    });
  };
  return (
    <form className="form" onSubmit={submit}>
      <label>
        {t("admins.name")}
        <input
          type="text"
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        {t("admins.role")}
        <select value={role} onChange={(e) => setRole(e.target.value as AdminRole)}>
          <RoleOptions />
        </select>
      </label>
      <label>
        {t("admins.password")}
        <input
          type="password"
          required
          autoComplete="new-password"
          minLength={12}
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {add.error && <ErrorNote error={add.error} />}
      {add.isSuccess && (
        <p className="success" role="status">
          {t("admins.added")}
        </p>
      )}
      <button type="submit" disabled={add.isPending}>
        {t("admins.add")}
      </button>
    </form>
  );
}

function AdminRow({ admin }: { admin: AdminView }) {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const change = useAdminAction((role: AdminRole) =>
    api.procedure("net.atrarium.pds.admin.updateAdmin", { name: admin.name, role }),
  );
  const remove = useAdminAction(() =>
    api.procedure("net.atrarium.pds.admin.deleteAdmin", { name: admin.name }),
  );
  const error = change.error ?? remove.error;
  return (
    <tr>
      <td className="code">{admin.name}</td>
      <td>
        <RoleSelect
          label={t("admins.roleOf", { name: admin.name })}
          value={admin.role as AdminRole}
          disabled={change.isPending}
          onChange={(role) => change.mutate(role)}
        />
      </td>
      <td>{formatDate(admin.createdAt)}</td>
      <td>
        <button
          type="button"
          className="button-danger small"
          aria-label={t("admins.removeNamed", { name: admin.name })}
          disabled={remove.isPending}
          onClick={() => remove.mutate(undefined)}
        >
          {t("admins.remove")}
        </button>
        {error && <ErrorNote error={error} />}
      </td>
    </tr>
  );
}

export function AdminsPage() {
  const { t } = useI18n();
  const api = useAdminApi();
  const list = useQuery({
    queryKey: ["admins"],
    queryFn: () => api.query("net.atrarium.pds.admin.listAdmins", {}),
  });
  const admins = list.data?.admins ?? [];
  const addTitleId = useId();
  return (
    <>
      <h1>{t("admins.title")}</h1>
      <p className="muted">{t("admins.intro")}</p>
      {list.error && <ErrorNote error={list.error} />}
      {list.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : admins.length === 0 ? (
        <p className="muted">{t("admins.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("admins.name")}</th>
              <th>{t("admins.role")}</th>
              <th>{t("admins.created")}</th>
              <th>
                <span className="visually-hidden">{t("admins.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {admins.map((admin) => (
              <AdminRow key={admin.name} admin={admin} />
            ))}
          </tbody>
        </table>
      )}
      <section className="card" aria-labelledby={addTitleId}>
        <h2 id={addTitleId}>{t("admins.addTitle")}</h2>
        <AddAdminForm />
      </section>
    </>
  );
}
