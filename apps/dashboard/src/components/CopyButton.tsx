// Copies a value (the community hashtag) and says so, for keyboard and screen-reader users too.
import { useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard permission (plain http): select-and-copy still works on the shown text.
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" className="button-secondary button-small" onClick={copy} aria-label={label}>
      {copied ? t("action.copied") : t("action.copy")}
    </button>
  );
}
