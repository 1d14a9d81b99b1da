import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { ApiError, api } from "../../api/client.ts";
import type { Compared, VersionSummary } from "../../api/types.ts";
import type { ComparePair } from "../../app/router.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { ComparisonView } from "./ComparisonView.tsx";

/** Two pickers (any version or now), the comparison below them, and its printable report. */
export function ComparePanel({
  versions,
  pair,
  onPair,
  onClose,
}: {
  versions: VersionSummary[];
  pair: ComparePair;
  onPair: (pair: ComparePair) => void;
  onClose: () => void;
}) {
  const { summary } = useWorkspace();
  const { t, lang } = useI18n();
  const [compared, setCompared] = useState<Compared | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    let live = true;
    setCompared(null);
    setError(null);
    api
      .compare(summary.id, pair.from, pair.to)
      .then((answer) => live && setCompared(answer))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : t("common.unexpected")));
    return () => {
      live = false;
    };
  }, [summary.id, pair.from, pair.to, t]);

  const picker = (label: string, value: string, onChange: (value: string) => void) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="current">{t("history.current")}</option>
        {versions.map((version) => (
          <option key={version.id} value={version.id}>
            {version.name} — {formatDate(version.createdAt, lang)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="compare" aria-labelledby="compare-title">
      <div className="compare__head">
        <h3 id="compare-title" className="side__heading">
          {t("history.compareTitle")}
        </h3>
        <Button size="sm" variant="ghost" icon="x" aria-label={t("common.close")} onClick={onClose} />
      </div>
      <div className="compare__pickers">
        {picker(t("history.from"), pair.from, (from) => onPair({ ...pair, from }))}
        {picker(t("history.to"), pair.to, (to) => onPair({ ...pair, to }))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!compared && !error && <p className="muted">{t("common.loading")}</p>}
      {compared && (
        <>
          <Button size="sm" icon="file" onClick={() => setPrinting(true)}>
            {t("history.printReport")}
          </Button>
          <ComparisonView compared={compared} />
          {printing && <PrintableReport compared={compared} onClose={() => setPrinting(false)} />}
        </>
      )}
    </section>
  );
}

/**
 * The comparison as a document to print (or save as PDF from the print dialog): it covers the
 * page, and the print style sheet prints only it.
 */
function PrintableReport({ compared, onClose }: { compared: Compared; onClose: () => void }) {
  const { summary } = useWorkspace();
  const { t, lang } = useI18n();
  useEffect(() => {
    document.body.classList.add("printing-report");
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => {
      document.body.classList.remove("printing-report");
      window.removeEventListener("keydown", onKey);
    };
  }, [onClose]);
  return createPortal(
    <div className="print-report" role="dialog" aria-modal="true" aria-labelledby="print-report-title">
      <div className="print-report__tools">
        <Button variant="primary" icon="file" onClick={() => window.print()} autoFocus>
          {t("history.print")}
        </Button>
        <Button onClick={onClose}>{t("common.close")}</Button>
      </div>
      <article className="print-report__page">
        <h1 id="print-report-title">{t("history.reportTitle")}</h1>
        <p className="print-report__meta">
          {summary.title}
          {summary.rncpCode && ` — ${summary.rncpCode}`} ·{" "}
          {t("history.reportMadeOn", { date: formatDate(new Date().toISOString(), lang) })}
        </p>
        <ComparisonView compared={compared} />
      </article>
    </div>,
    document.body,
  );
}
