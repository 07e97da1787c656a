// The name and description inputs shared by the create and edit forms (same limits as the lexicon).
import { useI18n } from "../i18n/i18n.tsx";

export function CommunityFields(props: {
  name: string;
  description: string;
  onName: (v: string) => void;
  onDescription: (v: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t("community.name")}
        <input
          name="name"
          required
          maxLength={100}
          value={props.name}
          onChange={(e) => props.onName(e.target.value)}
        />
      </label>
      <label>
        {t("community.description")}
        <textarea
          name="description"
          rows={3}
          maxLength={500}
          value={props.description}
          onChange={(e) => props.onDescription(e.target.value)}
        />
      </label>
    </>
  );
}
