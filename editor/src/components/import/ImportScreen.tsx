import { CODE_PREFIX } from "@refstudio/schema";
import {
  type ImportPreview,
  type ItemKind,
  type PreviewItem,
  setBlocTitle,
  setPreviewTitle,
} from "@refstudio/schema/import";
import { type ClipboardEvent, useEffect, useId, useMemo, useState } from "react";
import { api } from "../../api/client.ts";
import type { ReferentialSummary } from "../../api/types.ts";
import { applyEdit, type PreviewEdits, startEdits, undoEdit } from "../../app/previewHistory.ts";
import { navigate } from "../../app/router.ts";
import { createFromPreview, importFailure, previewFile, previewPasted } from "../../app/tableImport.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { ImportItemCard } from "./ImportItemCard.tsx";
import { UnclassifiedList } from "./UnclassifiedList.tsx";
import "./import.css";

/** A file or a pasted table to read, or a preview already read (an RNCP fiche, from its own dialog). */
export type ImportSource = { file: File } | { html: string } | { preview: ImportPreview; name: string };
/**
 * A correction of the preview (the pure functions of `@refstudio/schema/import`), undoable;
 * `typing` names the text field typed in, so that typing there is one step.
 */
export type Update = (change: (preview: ImportPreview) => ImportPreview, typing?: string) => void;

type Phase =
  | { step: "waiting" }
  | { step: "reading"; name: string; fraction: number }
  | { step: "preview"; edits: PreviewEdits }
  | { step: "creating"; edits: PreviewEdits }
  | { step: "failed"; message: string };

const KINDS: ItemKind[] = ["activity", "competency", "modality", "criterion"];

/**
 * The import preview: every item in the column and bloc it was put in, flags on what was
 * uncertain, corrections (kind, bloc, merge, split, links), the « Non classé » list, then the
 * référentiel is created (or becomes the next version of an existing one), under the title the
 * user confirms. Every correction can be undone (Ctrl+Z outside text fields, or the button).
 * A file, a pasted table or an RNCP fiche's preview can be given; nothing is created before
 * the user confirms.
 */
export function ImportScreen({
  source,
  into = null,
  onChoose,
  onClose,
}: {
  source: ImportSource | null;
  /** The référentiel to replace by default (a table pasted into an empty one); null: a new one. */
  into?: string | null;
  onChoose: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ step: "waiting" });
  const [target, setTarget] = useState<string | null>(into);
  const [writable, setWritable] = useState<ReferentialSummary[]>([]);
  const [sourceName, setSourceName] = useState("");
  /** The title the référentiel replaced keeps, or gets (only in « nouvelle version » mode). */
  const [versionTitle, setVersionTitle] = useState("");
  const chosen = writable.find((r) => r.id === target);
  // Choosing a référentiel to replace proposes its current title.
  useEffect(() => setVersionTitle(chosen?.title ?? ""), [chosen?.title]);

  useEffect(() => {
    api
      .referentials()
      .then(({ referentials }) =>
        setWritable(referentials.filter((r) => !r.archived && (r.role === "owner" || r.role === "editor"))),
      )
      .catch(() => setWritable([]));
  }, []);
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const titleId = useId();

  const read = (next: ImportSource) => {
    if ("preview" in next) {
      setSourceName(next.name);
      setPhase({ step: "preview", edits: startEdits(next.preview) });
      return;
    }
    const name = "file" in next ? next.file.name : t("import.pasted");
    setSourceName(name);
    setPhase({ step: "reading", name, fraction: 0 });
    const reading =
      "file" in next
        ? previewFile(next.file, (fraction) =>
            setPhase((p) => (p.step === "reading" ? { ...p, fraction } : p)),
          )
        : previewPasted(next.html);
    reading
      .then((preview) => setPhase({ step: "preview", edits: startEdits(preview) }))
      .catch((error: unknown) => setPhase({ step: "failed", message: importFailure(error) }));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: one reading per source given
  useEffect(() => {
    if (source) read(source);
  }, [source]);

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const html = event.clipboardData.getData("text/html");
    if (!html) return;
    event.preventDefault();
    read({ html });
  };

  const update: Update = (change, typing) =>
    setPhase((p) => (p.step === "preview" ? { ...p, edits: applyEdit(p.edits, change, typing) } : p));
  const undo = () => setPhase(undone);
  // The screen is modal: Ctrl+Z is its own wherever the focus is (a corrected card may be gone),
  // before the référentiel screen underneath sees it; in a text field it stays the browser's.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || key !== "z") return;
      if (event.target && typesText(event.target)) return;
      event.preventDefault();
      event.stopPropagation();
      setPhase(undone);
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, []);

  const editing = phase.step === "preview" || phase.step === "creating" ? phase.edits : null;
  const title = (target ? versionTitle : (editing?.preview.title ?? "")).trim();

  const create = () => {
    if (phase.step !== "preview" || !title) return;
    const { edits } = phase;
    setPhase({ step: "creating", edits });
    createFromPreview(edits.preview, target ? { id: target, title } : null, sourceName)
      .then((id) => {
        navigate({ name: "referential", id });
        onClose();
      })
      .catch((error: unknown) => setPhase({ step: "failed", message: importFailure(error) }));
  };

  return (
    <div className="import-screen" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <header className="import-screen__head">
        <h1 id={titleId} className="import-screen__title">
          {t("import.title")}
        </h1>
        <div className="import-screen__actions">
          {editing && (
            <Button
              icon="undo"
              onClick={undo}
              disabled={phase.step !== "preview" || editing.past.length === 0}
              title={t("import.undoHint", { count: editing.past.length })}
            >
              {t("import.undo")}
            </Button>
          )}
          <Button onClick={onClose} disabled={phase.step === "creating"}>
            {t("import.cancel")}
          </Button>
          {editing && (
            <Button
              variant="primary"
              icon="check"
              onClick={create}
              disabled={phase.step === "creating" || !title}
            >
              {phase.step === "creating"
                ? t("import.creating")
                : target
                  ? t("import.createVersion")
                  : t("import.create")}
            </Button>
          )}
        </div>
      </header>
      <main className="import-screen__body">
        {(phase.step === "waiting" || phase.step === "failed") && (
          <Button variant="primary" icon="upload" onClick={onChoose}>
            {t("import.choose")}
          </Button>
        )}
        {(phase.step === "waiting" || phase.step === "failed") && (
          <label className="import-paste">
            <span>
              <Icon name="copy" /> {t("import.pasteLabel")}
            </span>
            <textarea
              className="import-paste__area"
              placeholder={t("import.pasteHint")}
              value=""
              onChange={() => undefined}
              onPaste={onPaste}
            />
          </label>
        )}
        {phase.step === "failed" && (
          <p className="form-error" role="alert">
            <Icon name="error" /> {phase.message}
          </p>
        )}
        {phase.step === "reading" && <Reading name={phase.name} fraction={phase.fraction} />}
        {editing && (
          <TargetChoice
            target={target}
            setTarget={setTarget}
            writable={writable}
            title={target ? versionTitle : editing.preview.title}
            setTitle={(value) =>
              target ? setVersionTitle(value) : update((p) => setPreviewTitle(p, value), "title")
            }
          />
        )}
        {editing && (
          <PreviewView
            preview={editing.preview}
            update={update}
            onlyFlagged={onlyFlagged}
            setOnlyFlagged={setOnlyFlagged}
          />
        )}
      </main>
    </div>
  );
}

const undone = (p: Phase): Phase => (p.step === "preview" ? { ...p, edits: undoEdit(p.edits) } : p);

/** A text field: Ctrl+Z there undoes the typing, not a correction. */
const typesText = (target: EventTarget) =>
  target instanceof HTMLTextAreaElement ||
  (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type)) ||
  (target instanceof HTMLElement && target.isContentEditable);

/** A new référentiel, or the next version of one I may edit; and its title, to set or confirm. */
function TargetChoice({
  target,
  setTarget,
  writable,
  title,
  setTitle,
}: {
  target: string | null;
  setTarget: (id: string | null) => void;
  writable: ReferentialSummary[];
  title: string;
  setTitle: (title: string) => void;
}) {
  const { t } = useI18n();
  const chosen = writable.find((r) => r.id === target);
  const hintId = useId();
  return (
    <div className="import-target">
      <label className="field">
        <span className="field__label">{t("import.target")}</span>
        <select className="input" value={target ?? ""} onChange={(e) => setTarget(e.target.value || null)}>
          <option value="">{t("import.targetNew")}</option>
          {writable.map((r) => (
            <option key={r.id} value={r.id}>
              {t("import.targetVersion", { title: r.title || t("meta.untitled") })}
            </option>
          ))}
        </select>
      </label>
      <label className="field import-target__title">
        <span className="field__label">{t("import.docTitle")}</span>
        <input
          className="input"
          value={title}
          maxLength={800}
          required
          aria-describedby={hintId}
          aria-invalid={title.trim() === ""}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <p
        id={hintId}
        className={`import-target__hint${chosen || title.trim() === "" ? " import-target__hint--warning" : ""}`}
      >
        {title.trim() === ""
          ? t("import.titleMissing")
          : chosen
            ? t("import.versionHint", { title: chosen.title })
            : t("import.newHint")}
      </p>
    </div>
  );
}

function Reading({ name, fraction }: { name: string; fraction: number }) {
  const { t } = useI18n();
  const id = useId();
  const percent = Math.min(100, Math.floor(fraction * 100));
  return (
    <div className="import-progress">
      <label htmlFor={id} className="field__label">
        {t("import.reading", { name })}
      </label>
      <progress id={id} max={100} value={percent} />
      <p className="muted" role="status" aria-live="polite">
        {t("import.percent", { percent })}
      </p>
    </div>
  );
}

function PreviewView({
  preview,
  update,
  onlyFlagged,
  setOnlyFlagged,
}: {
  preview: ImportPreview;
  update: Update;
  onlyFlagged: boolean;
  setOnlyFlagged: (on: boolean) => void;
}) {
  const { t } = useI18n();
  const count = (kind: ItemKind) => preview.items.filter((i) => i.kind === kind).length;
  const flagged = preview.items.filter((i) => i.flags.length > 0).length;
  const codes = useMemo(() => derivedCodes(preview), [preview]);
  const sections: { id: string | null; heading: string }[] = [
    // The code the source gives the bloc (an RNCP fiche's RNCP37873BC01) is how certifiers name it.
    ...preview.blocs.map((b, i) => ({
      id: b.id,
      heading: b.code
        ? `${t("import.bloc", { number: i + 1 })} · ${b.code}`
        : t("import.bloc", { number: i + 1 }),
    })),
    ...(preview.items.some((i) => i.bloc === null) ? [{ id: null, heading: t("import.transversal") }] : []),
  ];
  return (
    <>
      <p className="import-screen__lead">{t("import.lead")}</p>
      <div className="import-summary">
        <p data-testid="import-counts">
          {t("import.counts", {
            blocs: preview.blocs.length,
            activities: count("activity"),
            competencies: count("competency"),
            modalities: count("modality"),
            criteria: count("criterion"),
          })}
        </p>
        <p className={flagged > 0 ? "import-summary__flagged" : "muted"} role="status">
          <Icon name="warning" /> {t("import.flagged", { count: flagged })}
        </p>
        <label className="import-summary__filter">
          <input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} />{" "}
          {t("import.onlyFlagged")}
        </label>
      </div>
      {preview.notes.length > 0 && (
        <section className="import-notes" aria-label={t("import.notes")}>
          <ul>
            {preview.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      )}
      {sections.map((section, s) => {
        const bloc = preview.blocs.find((b) => b.id === section.id);
        const items = preview.items.filter((i) => i.bloc === section.id);
        return (
          <section key={section.id ?? "transversal"} className="import-bloc" aria-label={section.heading}>
            <h2 className="import-bloc__heading">
              <span className="mono">{section.heading}</span>
              {bloc && (
                <input
                  className="input import-bloc__title"
                  aria-label={t("import.blocTitle", { number: s + 1 })}
                  value={bloc.title}
                  onChange={(e) => update((p) => setBlocTitle(p, bloc.id, e.target.value), `bloc-${bloc.id}`)}
                />
              )}
            </h2>
            <div className="import-bloc__columns">
              {KINDS.map((kind) => (
                <div key={kind} className="import-column">
                  <h3 className="import-column__heading">{t(`column.${kind}`)}</h3>
                  <ul className="import-column__items" aria-label={t(`column.${kind}`)}>
                    {items
                      .filter((i) => i.kind === kind && (!onlyFlagged || i.flags.length > 0))
                      .map((item) => (
                        <ImportItemCard
                          key={item.id}
                          item={item}
                          preview={preview}
                          codes={codes}
                          previous={previousOf(items, item)}
                          update={update}
                        />
                      ))}
                  </ul>
                </div>
              ))}
            </div>
          </section>
        );
      })}
      <UnclassifiedList preview={preview} update={update} />
    </>
  );
}

const previousOf = (items: PreviewItem[], item: PreviewItem): PreviewItem | null => {
  const same = items.filter((i) => i.kind === item.kind);
  return same[same.indexOf(item) - 1] ?? null;
};

/** The code each item will have: the one the document gives, else its place (C2.3). */
function derivedCodes(preview: ImportPreview): Map<string, string> {
  const codes = new Map<string, string>();
  preview.blocs.forEach((bloc, b) => {
    for (const kind of KINDS) {
      preview.items
        .filter((i) => i.bloc === bloc.id && i.kind === kind)
        .forEach((item, i) => {
          codes.set(item.id, item.code ?? `${CODE_PREFIX[kind]}${b + 1}.${i + 1}`);
        });
    }
  });
  preview.items
    .filter((i) => i.bloc === null)
    .forEach((item, i) => {
      codes.set(item.id, `MT${i + 1}`);
    });
  return codes;
}
