import {
  acceptItem,
  type ImportPreview,
  type ItemKind,
  LINK_TARGET,
  mergeItems,
  type PreviewItem,
  setItemBloc,
  setItemKind,
  setItemLinks,
  splitItem,
  unclassifyItem,
} from "@refstudio/schema/import";
import { useId, useState } from "react";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import type { Update } from "./ImportScreen.tsx";

const KINDS: ItemKind[] = ["activity", "competency", "modality", "criterion"];

/** One proposed item: its text and flags, and the corrections it allows. */
export function ImportItemCard({
  item,
  preview,
  codes,
  previous,
  update,
}: {
  item: PreviewItem;
  preview: ImportPreview;
  codes: Map<string, string>;
  previous: PreviewItem | null;
  update: Update;
}) {
  const { t } = useI18n();
  const [splitting, setSplitting] = useState(false);
  const kindId = useId();
  const blocId = useId();
  const code = codes.get(item.id) ?? "";
  const lines = item.title ? [item.title, ...item.lines] : item.lines;
  const target = LINK_TARGET[item.kind];
  const candidates = target
    ? preview.items.filter((i) => i.kind === target && (item.bloc === null || i.bloc === item.bloc))
    : [];
  const label = (i: PreviewItem) =>
    `${codes.get(i.id) ?? ""} ${[i.title, ...i.lines].join(" ").slice(0, 70)}`;
  return (
    <li
      className={`import-item${item.flags.length > 0 ? " import-item--flagged" : ""}`}
      aria-label={`${t(`kind.${item.kind}`)} ${code}`}
      data-item={item.id}
    >
      <header className="import-item__head">
        <span className="mono import-item__code">
          {code}
          {item.written && <span className="muted"> (« {item.written} »)</span>}
        </span>
        <label className="sr-only" htmlFor={kindId}>
          {t("import.kind")}
        </label>
        <select
          id={kindId}
          className="import-item__select"
          value={item.kind}
          onChange={(e) => update((p) => setItemKind(p, item.id, e.target.value as ItemKind))}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor={blocId}>
          {t("import.moveTo")}
        </label>
        <select
          id={blocId}
          className="import-item__select"
          value={item.bloc ?? ""}
          onChange={(e) => update((p) => setItemBloc(p, item.id, e.target.value || null))}
        >
          {preview.blocs.map((b, i) => (
            <option key={b.id} value={b.id}>
              {t("import.bloc", { number: i + 1 })}
            </option>
          ))}
          {item.kind === "modality" && <option value="">{t("import.outsideBlocs")}</option>}
        </select>
      </header>
      <div className="import-item__text">
        {item.title && <p className="import-item__title">{item.title}</p>}
        {item.lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
          <p key={i}>{line}</p>
        ))}
      </div>
      {item.flags.map((flag) => (
        <p key={flag} className="import-item__flag">
          <Icon name="warning" size={14} /> {flag}
        </p>
      ))}
      {/* Nothing to link to (a fiche without activities): no link to fix, no alarm. */}
      {target && (candidates.length > 0 || item.links.length > 0) && (
        <details className="import-item__links">
          <summary>
            <Icon name="link" size={14} />{" "}
            {t(`import.links.${item.kind as "competency" | "modality" | "criterion"}`)} :{" "}
            {item.links.length === 0 ? (
              <span className="import-item__nolink">{t("import.noLink")}</span>
            ) : (
              item.links.map((l) => codes.get(l) ?? l).join(", ")
            )}
          </summary>
          <fieldset>
            <legend className="sr-only">
              {t(`import.linksOf.${item.kind as "competency" | "modality" | "criterion"}`)}
            </legend>
            {candidates.map((c) => (
              <label key={c.id} className="import-item__link">
                <input
                  type="checkbox"
                  checked={item.links.includes(c.id)}
                  onChange={(e) =>
                    update((p) =>
                      setItemLinks(
                        p,
                        item.id,
                        e.target.checked ? [...item.links, c.id] : item.links.filter((l) => l !== c.id),
                      ),
                    )
                  }
                />{" "}
                {label(c)}
              </label>
            ))}
          </fieldset>
        </details>
      )}
      {splitting && (
        <div className="import-item__cuts">
          {lines.slice(1).map((line, i) => (
            <Button
              // biome-ignore lint/suspicious/noArrayIndexKey: a cut is identified by its place
              key={i}
              size="sm"
              variant="ghost"
              onClick={() => {
                setSplitting(false);
                update((p) => splitItem(p, item.id, i + 1));
              }}
            >
              {t("import.splitHere", { text: line.slice(0, 40) })}
            </Button>
          ))}
          {sentenceCuts(lines.at(-1) ?? "").map((offset) => (
            <Button
              key={`s${offset}`}
              size="sm"
              variant="ghost"
              onClick={() => {
                setSplitting(false);
                update((p) => splitItem(p, item.id, lines.length - 1, offset));
              }}
            >
              {t("import.splitHere", { text: (lines.at(-1) ?? "").slice(offset, offset + 40) })}
            </Button>
          ))}
        </div>
      )}
      <footer className="import-item__actions">
        {item.flags.length > 0 && (
          <Button size="sm" icon="check" onClick={() => update((p) => acceptItem(p, item.id))}>
            {t("import.accept")}
          </Button>
        )}
        {previous && (
          <Button size="sm" onClick={() => update((p) => mergeItems(p, previous.id, item.id))}>
            {t("import.merge")}
          </Button>
        )}
        {(lines.length > 1 || sentenceCuts(lines.at(-1) ?? "").length > 0) && (
          <Button size="sm" aria-expanded={splitting} onClick={() => setSplitting(!splitting)}>
            {t("import.split")}
          </Button>
        )}
        <Button size="sm" variant="ghost" icon="x" onClick={() => update((p) => unclassifyItem(p, item.id))}>
          {t("import.discard")}
        </Button>
      </footer>
    </li>
  );
}

/** Where a line may be cut in two: after each sentence or bullet that a capital letter follows. */
function sentenceCuts(line: string): number[] {
  return [...line.matchAll(/(?:[.;!?]|\s[•-])\s+(?=\p{Lu})/gu)].map((m) => (m.index ?? 0) + m[0].length);
}
