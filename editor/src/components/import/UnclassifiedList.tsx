import { classifyText, type ImportPreview, type ItemKind } from "@refstudio/schema/import";
import { useState } from "react";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import type { Update } from "./ImportScreen.tsx";

const KINDS: ItemKind[] = ["activity", "competency", "modality", "criterion"];

/** The « Non classé » list: every piece of text that fits no column, with why, and a way to classify it. */
export function UnclassifiedList({ preview, update }: { preview: ImportPreview; update: Update }) {
  const { t } = useI18n();
  const reasons = [...new Set(preview.unclassified.map((u) => u.reason))];
  return (
    <section className="import-unclassified" aria-labelledby="import-unclassified-title">
      <h2 id="import-unclassified-title" className="import-bloc__heading">
        {t("import.unclassified", { count: preview.unclassified.length })}
      </h2>
      <p className="muted">{t("import.unclassifiedLead")}</p>
      {reasons.map((reason) => {
        const entries = preview.unclassified.filter((u) => u.reason === reason);
        return (
          <details key={reason} className="import-unclassified__group" open={entries.length <= 5}>
            <summary>
              {reason} ({entries.length})
            </summary>
            <ul>
              {entries.map((entry) => (
                <Entry
                  key={entry.id}
                  id={entry.id}
                  text={entry.text}
                  place={entry.place}
                  preview={preview}
                  update={update}
                />
              ))}
            </ul>
          </details>
        );
      })}
      {preview.unclassified.length === 0 && <p className="muted">{t("import.none")}</p>}
    </section>
  );
}

function Entry({
  id,
  text,
  place,
  preview,
  update,
}: {
  id: string;
  text: string;
  place: string;
  preview: ImportPreview;
  update: Update;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ItemKind>("competency");
  const [bloc, setBloc] = useState<string>(preview.blocs[0]?.id ?? "");
  return (
    <li className="import-unclassified__entry" data-unclassified={id}>
      <span className="muted">{place}</span> — {text}
      <span className="import-unclassified__controls">
        <select
          aria-label={t("import.classifyAs")}
          value={kind}
          onChange={(e) => setKind(e.target.value as ItemKind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <select aria-label={t("import.moveTo")} value={bloc} onChange={(e) => setBloc(e.target.value)}>
          {preview.blocs.map((b, i) => (
            <option key={b.id} value={b.id}>
              {t("import.bloc", { number: i + 1 })}
            </option>
          ))}
          {kind === "modality" && <option value="">{t("import.outsideBlocs")}</option>}
        </select>
        <Button size="sm" onClick={() => update((p) => classifyText(p, id, kind, bloc || null))}>
          {t("import.classify")}
        </Button>
      </span>
    </li>
  );
}
