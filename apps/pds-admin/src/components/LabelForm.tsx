// Apply or negate a label as this server's labeler (net.atrarium.pds.admin.emitLabels): on a fixed
// subject (the account page) or on any DID or at:// URI typed in (the labels page). The value comes
// from the common ones (the protocol's global values and Bluesky's usual ones) or is typed freely.
import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { useAdminApi, useMayCall } from "../lib/admin-session.tsx";
import { useAdminAction } from "../lib/use-admin-action.ts";
import { ErrorNote } from "./ErrorNote.tsx";

export const COMMON_LABEL_VALUES = [
  "!hide",
  "!warn",
  "!takedown",
  "spam",
  "porn",
  "sexual",
  "nudity",
  "graphic-media",
];
const OTHER = "";
export const EMIT_LABELS = "net.atrarium.pds.admin.emitLabels";

interface Emission {
  subject: string;
  value: string;
  negate: boolean;
}

export function useEmitLabel() {
  const api = useAdminApi();
  return useAdminAction(({ subject, value, negate }: Emission) =>
    api.procedure(EMIT_LABELS, {
      uri: subject,
      ...(negate ? { negateLabelVals: [value] } : { createLabelVals: [value] }),
    }),
  );
}

// Only for the roles that may label (a viewer reads the list, the server refuses the call anyway).
export function LabelForm({ subject }: { subject?: string }) {
  const mayLabel = useMayCall()(EMIT_LABELS);
  return mayLabel ? <LabelFields subject={subject} /> : null;
}

function LabelFields({ subject: fixedSubject }: { subject?: string }) {
  const { t } = useI18n();
  const [subject, setSubject] = useState("");
  const [choice, setChoice] = useState(COMMON_LABEL_VALUES[0] ?? OTHER);
  const [custom, setCustom] = useState("");
  const [negate, setNegate] = useState(false);
  const emit = useEmitLabel();
  const value = choice === OTHER ? custom.trim() : choice;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    emit.mutate({ subject: fixedSubject ?? subject.trim(), value, negate });
  };
  return (
    <form className="form" onSubmit={submit}>
      {fixedSubject === undefined && (
        <label>
          {t("labels.subject")}
          <input
            required
            autoComplete="off"
            placeholder="did:plc:… / at://…"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
          />
        </label>
      )}
      <label>
        {t("labels.value")}
        <select aria-label={t("labels.value")} value={choice} onChange={(e) => setChoice(e.target.value)}>
          {COMMON_LABEL_VALUES.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
          <option value={OTHER}>{t("labels.otherValue")}</option>
        </select>
      </label>
      {choice === OTHER && (
        <label>
          {t("labels.customValue")}
          <input
            required
            autoComplete="off"
            maxLength={128}
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
          />
        </label>
      )}
      <div className="inline-form">
        <button type="submit" disabled={emit.isPending} onClick={() => setNegate(false)}>
          {t("labels.apply")}
        </button>
        <button
          type="submit"
          className="button-secondary"
          disabled={emit.isPending}
          onClick={() => setNegate(true)}
        >
          {t("labels.negate")}
        </button>
      </div>
      {emit.error ? (
        <ErrorNote error={emit.error} />
      ) : (
        emit.isSuccess && (
          <p className="success" role="status">
            {t(emit.variables.negate ? "labels.negated" : "labels.applied", { value: emit.variables.value })}
          </p>
        )
      )}
    </form>
  );
}
