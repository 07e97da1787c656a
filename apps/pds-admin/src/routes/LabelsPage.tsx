// Labels this server emits as a labeler: a form to apply or negate one on any account or record, and
// every label in force, newest last, each negatable in place.
import { LabelForm } from "../components/LabelForm.tsx";
import { LabelList } from "../components/LabelList.tsx";
import { useI18n } from "../i18n/i18n.tsx";

export function LabelsPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("labels.title")}</h1>
      <p className="muted">{t("labels.intro")}</p>
      <section className="card">
        <h2>{t("labels.emit")}</h2>
        <LabelForm />
      </section>
      <h2>{t("labels.current")}</h2>
      <LabelList uriPatterns={["*"]} showSubject />
    </>
  );
}
