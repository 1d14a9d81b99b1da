import type { RncpFicheSummary } from "@refstudio/schema";
import type { ImportPreview } from "@refstudio/schema/import";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ImportCancelled, importErrorMessage, listFiches, previewFiche } from "../../app/rncpImport.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { Icon } from "../ui/Icon.tsx";

type Phase =
  | { step: "listing"; bytes: number }
  | { step: "picking"; fiches: RncpFicheSummary[] }
  | { step: "importing"; number: string; bytes: number }
  | { step: "failed"; message: string };

/** At most this many fiches are listed at once: the national export has thousands; search narrows. */
const SHOWN_FICHES = 100;

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/**
 * The RNCP XML import, first steps: list the file's fiches (with progress), pick one (or the
 * only one), read it (with progress), then hand its preview to the import screen, where the
 * user checks and corrects it before anything is created. Cancel stops reading the file.
 */
export function RncpImportDialog({
  file,
  onClose,
  onPreview,
}: {
  file: File | null;
  onClose: () => void;
  onPreview: (preview: ImportPreview) => void;
}) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ step: "listing", bytes: 0 });
  const controller = useRef<AbortController | null>(null);

  const fail = (error: unknown) => {
    if (!(error instanceof ImportCancelled)) setPhase({ step: "failed", message: importErrorMessage(error) });
  };

  const pick = (source: File, number: string, signal: AbortSignal) => {
    setPhase({ step: "importing", number, bytes: 0 });
    previewFiche(source, number, signal, (bytes) => {
      setPhase((p) => (p.step === "importing" ? { ...p, bytes } : p));
    })
      .then(onPreview)
      .catch(fail);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: one run per chosen file
  useEffect(() => {
    if (!file) return;
    const abort = new AbortController();
    controller.current = abort;
    setPhase({ step: "listing", bytes: 0 });
    listFiches(file, abort.signal, (bytes) => setPhase({ step: "listing", bytes }))
      .then((fiches) => {
        if (abort.signal.aborted) return;
        const [only] = fiches;
        if (fiches.length === 0) setPhase({ step: "failed", message: t("rncp.noFiche") });
        else if (fiches.length === 1 && only) pick(file, only.number, abort.signal);
        else setPhase({ step: "picking", fiches });
      })
      .catch(fail);
    return () => abort.abort();
  }, [file]);

  const cancel = () => {
    controller.current?.abort();
    onClose();
  };

  const running = phase.step === "listing" || phase.step === "importing";
  const size = file?.size ?? 0;
  return (
    <Dialog
      open={file !== null}
      title={t("rncp.title")}
      onClose={cancel}
      actions={<Button onClick={cancel}>{running ? t("rncp.cancel") : t("common.close")}</Button>}
    >
      <div className="rncp-import">
        {file && <p className="rncp-import__file mono">{file.name}</p>}
        {phase.step === "listing" && (
          <ReadProgress label={t("rncp.listing")} bytes={phase.bytes} size={size} />
        )}
        {phase.step === "picking" && file && (
          <FichePicker
            fiches={phase.fiches}
            onPick={(number) => controller.current && pick(file, number, controller.current.signal)}
          />
        )}
        {phase.step === "importing" && (
          <ReadProgress
            label={t("rncp.importing", { number: phase.number })}
            bytes={phase.bytes}
            size={size}
          />
        )}
        {phase.step === "failed" && (
          <p className="form-error" role="alert">
            <Icon name="error" /> {phase.message}
          </p>
        )}
      </div>
    </Dialog>
  );
}

function ReadProgress({ label, bytes, size }: { label: string; bytes: number; size: number }) {
  const { t } = useI18n();
  const id = useId();
  const percent = size > 0 ? Math.min(100, Math.floor((bytes * 100) / size)) : 0;
  return (
    <div className="rncp-progress">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <progress id={id} className="rncp-progress__bar" max={100} value={percent} />
      <p className="muted" role="status" aria-live="polite">
        {t("rncp.percent", { percent })}
      </p>
    </div>
  );
}

function FichePicker({ fiches, onPick }: { fiches: RncpFicheSummary[]; onPick: (number: string) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const search = useRef<HTMLInputElement>(null);
  // The progress bar that had the focus is gone: searching is the next step.
  useEffect(() => search.current?.focus(), []);
  const matching = useMemo(() => {
    const wanted = fold(query.trim());
    return wanted
      ? fiches.filter((f) => fold(f.number).includes(wanted) || fold(f.title).includes(wanted))
      : fiches;
  }, [fiches, query]);
  const shown = matching.slice(0, SHOWN_FICHES);
  return (
    <div className="rncp-picker">
      <label className="field">
        <span className="field__label">{t("rncp.search", { count: fiches.length })}</span>
        <input
          className="input"
          type="search"
          value={query}
          placeholder={t("rncp.searchPlaceholder")}
          onChange={(e) => setQuery(e.target.value)}
          ref={search}
        />
      </label>
      <p className="muted" role="status" aria-live="polite">
        {t("rncp.matching", { shown: shown.length, count: matching.length })}
      </p>
      <ul className="rncp-picker__list" aria-label={t("rncp.fiches")}>
        {shown.map((fiche) => (
          <li key={fiche.number}>
            <button type="button" className="rncp-fiche" onClick={() => onPick(fiche.number)}>
              <span className="rncp-fiche__number mono">{fiche.number}</span>
              <span className="rncp-fiche__title">{fiche.title || t("meta.untitled")}</span>
              <span className="rncp-fiche__blocs muted">{t("rncp.blocCount", { count: fiche.blocs })}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
