import { type FormEvent, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { exportValidated } from "../../app/exports.ts";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useVersions } from "../../hooks/useVersions.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import "./exports.css";
import { CasePublicationControl, useCasePublication } from "./CasePublication.tsx";
import { ExportDialog } from "./ExportDialog.tsx";
import { IssueList } from "./IssueList.tsx";
import { VersionDownloads } from "./VersionDownloads.tsx";

/** Name the current state, export the validated snapshot (or see why not), list and download the versions. */
export function VersionsPanel() {
  const workspace = useWorkspace();
  const { summary, can, ui } = workspace;
  const { t, lang } = useI18n();
  const result = useUi((state) => state.exportResult);
  const { versions, error: loadError, reload: load } = useVersions(summary.id);
  const [name, setName] = useState("");
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? loadError;
  const [busy, setBusy] = useState(false);
  const casePublication = useCasePublication();

  const createVersion = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.createVersion(summary.id, name.trim());
      setName("");
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("common.unexpected"));
    } finally {
      setBusy(false);
    }
  };

  const runExport = async () => {
    setBusy(true);
    ui.update({ exportResult: null });
    ui.update({ exportResult: await exportValidated(workspace, name.trim() || undefined) });
    setBusy(false);
  };

  return (
    <div className="versions">
      {can.version && (
        <form className="versions__form" onSubmit={createVersion}>
          <label className="field">
            <span className="field__label">{t("versions.nameLabel")}</span>
            <input
              className="input"
              value={name}
              maxLength={200}
              placeholder={t("versions.namePlaceholder")}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <Button type="submit" icon="history" disabled={busy || !name.trim()}>
            {t("versions.create")}
          </Button>
        </form>
      )}
      {can.manage && (
        <section className="export-box" aria-labelledby="export-title">
          <h3 id="export-title" className="side__heading">
            {t("versions.exportTitle")}
          </h3>
          <p className="muted">{t("versions.exportLead")}</p>
          <Button variant="primary" icon="shield" disabled={busy} onClick={runExport}>
            {t("export.validated")}
          </Button>
          {result?.status === "done" && (
            <div className="export-result export-result--ok" role="status">
              <p className="export-result__line">
                <Icon name="check" /> {t("versions.exported", { file: result.fileName })}
              </p>
              <p className="export-result__line export-result__hash">
                <span>sha256</span>
                <code data-testid="export-sha256">{result.sha256}</code>
              </p>
              <p className="muted">
                {result.verified ? t("versions.hashVerified") : t("versions.hashMismatch")}
              </p>
            </div>
          )}
          {result?.status === "refused" && (
            <div className="export-result export-result--error" role="alert">
              <p className="export-result__line">
                <Icon name="error" /> {result.message}
              </p>
              <IssueList issues={result.issues} />
            </div>
          )}
          {result?.status === "failed" && (
            <p className="form-error" role="alert">
              {result.message}
            </p>
          )}
        </section>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <h3 className="side__heading">{t("versions.list")}</h3>
      {versions === null && !error && <p className="muted">{t("common.loading")}</p>}
      {versions?.length === 0 && <p className="muted side__empty">{t("versions.none")}</p>}
      <ol className="version-list">
        {versions?.map((version) => (
          <li key={version.id} className="version">
            <div className="version__head">
              <strong>{version.name}</strong>
              {version.validated && <span className="badge badge--ok">{t("versions.validated")}</span>}
            </div>
            <p className="version__meta">
              {version.author.name} ·{" "}
              <time dateTime={version.createdAt}>{formatDate(version.createdAt, lang)}</time>
            </p>
            <p className="version__meta">
              {t("versions.counts", { errors: version.errors, warnings: version.warnings })}
              {version.sha256 && (
                <>
                  {" · "}
                  <code title={version.sha256}>{version.sha256.slice(0, 12)}…</code>
                </>
              )}
            </p>
            <VersionDownloads version={version} />
            <CasePublicationControl version={version} state={casePublication} />
          </li>
        ))}
      </ol>
      {casePublication.error && (
        <p className="form-error" role="alert">
          {casePublication.error}
        </p>
      )}
      <ExportDialog versions={versions ?? []} />
    </div>
  );
}
