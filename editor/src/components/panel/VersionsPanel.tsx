import { type FormEvent, useState, useSyncExternalStore } from "react";
import { ApiError, api } from "../../api/client.ts";
import type { VersionSummary } from "../../api/types.ts";
import { exportValidated } from "../../app/exports.ts";
import type { ComparePair } from "../../app/router.ts";
import { comparedPair, openVersion, useViewedVersion } from "../../app/versionView.ts";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useVersions } from "../../hooks/useVersions.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { ActivityList } from "../history/ActivityList.tsx";
import { ComparePanel } from "../history/ComparePanel.tsx";
import { CorrespondencePanel } from "../history/CorrespondencePanel.tsx";
import { RestoreButton, UndoRestoreButton } from "../history/RestoreButton.tsx";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { showToast } from "../ui/Toasts.tsx";
import "./exports.css";
import { CasePublicationControl, useCasePublication } from "./CasePublication.tsx";
import { ExportDialog } from "./ExportDialog.tsx";
import { IssueList } from "./IssueList.tsx";
import { VersionDownloads } from "./VersionDownloads.tsx";
import "../../styles/history.css";

const TABS = { versions: "versions.list", activity: "history.activity", renewal: "renewal.tab" } as const;
type Tab = keyof typeof TABS;

/**
 * The history of the référentiel: name the current state, export the validated snapshot (or see
 * why not), list versions and automatic checkpoints — open, compare, restore, download — and the
 * activity of the team, and the correspondence table of a renewal.
 */
export function VersionsPanel() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>("versions");
  return (
    <div className="versions">
      <div className="segmented" role="radiogroup" aria-label={t("history.show")}>
        {(Object.keys(TABS) as Tab[]).map((id) => (
          <Button
            key={id}
            size="sm"
            variant={tab === id ? "primary" : "ghost"}
            role="radio"
            aria-checked={tab === id}
            onClick={() => setTab(id)}
          >
            {t(TABS[id])}
          </Button>
        ))}
      </div>
      {tab === "versions" && <VersionsTab />}
      {tab === "activity" && <ActivityList />}
      {tab === "renewal" && <CorrespondencePanel />}
    </div>
  );
}

function VersionsTab() {
  const workspace = useWorkspace();
  const { summary, can, ui } = workspace;
  const viewed = useViewedVersion();
  const { t } = useI18n();
  const result = useUi((state) => state.exportResult);
  const { versions, error: loadError, reload: load } = useVersions(summary.id);
  const [name, setName] = useState("");
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? loadError;
  const [busy, setBusy] = useState(false);
  const [showCheckpoints, setShowCheckpoints] = useState(false);
  // In the address (`…/comparer/<a>/<b>`): kept by a reload and by Back.
  const pair = useSyncExternalStore(comparedPair.subscribe, comparedPair.get);
  const setPair = (next: ComparePair | null) => comparedPair.set(next);
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

  const checkpoints = versions?.filter((version) => version.kind === "checkpoint").length ?? 0;
  const listed = versions?.filter((version) => showCheckpoints || version.kind !== "checkpoint");

  return (
    <>
      {can.version && !viewed && (
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
      {can.manage && !viewed && (
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
      {pair && versions && (
        <ComparePanel versions={versions} pair={pair} onPair={setPair} onClose={() => setPair(null)} />
      )}
      <div className="versions__list-head">
        <h3 className="side__heading">{t("versions.list")}</h3>
        {versions && versions.length > 0 && !pair && (
          <Button size="sm" variant="ghost" onClick={() => setPair({ from: versions[0]!.id, to: "current" })}>
            {t("history.compare")}
          </Button>
        )}
      </div>
      <p className="muted versions__explain">{t("history.sameHashExplained")}</p>
      {checkpoints > 0 && (
        <label className="check">
          <input
            type="checkbox"
            checked={showCheckpoints}
            onChange={(e) => setShowCheckpoints(e.target.checked)}
          />
          {t("history.showCheckpoints", { count: checkpoints })}
        </label>
      )}
      {versions === null && !error && <p className="muted">{t("common.loading")}</p>}
      {listed?.length === 0 && <p className="muted side__empty">{t("versions.none")}</p>}
      <ol className="version-list">
        {listed?.map((version) => (
          <VersionItem
            key={version.id}
            version={version}
            opened={viewed?.version.id === version.id}
            onCompare={() => setPair({ from: version.id, to: "current" })}
            casePublication={casePublication}
          />
        ))}
      </ol>
      {casePublication.error && (
        <p className="form-error" role="alert">
          {casePublication.error}
        </p>
      )}
      <ExportDialog versions={versions ?? []} />
    </>
  );
}

const KIND_LABELS = {
  named: "history.kind.named",
  snapshot: "history.kind.snapshot",
  checkpoint: "history.kind.checkpoint",
  restore: "history.kind.restore",
} as const;

function VersionItem({
  version,
  opened,
  onCompare,
  casePublication,
}: {
  version: VersionSummary;
  opened: boolean;
  onCompare: () => void;
  casePublication: ReturnType<typeof useCasePublication>;
}) {
  const { summary } = useWorkspace();
  const { t, lang } = useI18n();
  const [opening, setOpening] = useState(false);
  const open = () => {
    setOpening(true);
    openVersion(summary.id, version)
      .catch((e: unknown) =>
        showToast({ tone: "error", message: e instanceof ApiError ? e.message : t("common.unexpected") }),
      )
      .finally(() => setOpening(false));
  };
  return (
    <li className={`version version--${version.kind}${opened ? " version--opened" : ""}`}>
      <div className="version__head">
        <strong>{version.name}</strong>
        <span className="version__badges">
          <span className="badge">{t(KIND_LABELS[version.kind])}</span>
          {version.validated && (
            <span className="badge badge--ok" title={t("history.validatedMeans")}>
              {t("versions.validated")}
            </span>
          )}
        </span>
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
      {version.sameContentAs && (
        <p className="version__same">{t("history.sameContentAs", { name: version.sameContentAs.name })}</p>
      )}
      <div className="version__actions">
        <Button size="sm" variant="ghost" icon="file" disabled={opening || opened} onClick={open}>
          {opened ? t("history.opened") : t("history.open")}
        </Button>
        <Button size="sm" variant="ghost" icon="grid" onClick={onCompare}>
          {t("history.compareWithCurrent")}
        </Button>
        <RestoreButton version={version} />
        {version.kind === "restore" && <UndoRestoreButton restore={version} />}
      </div>
      <VersionDownloads version={version} />
      <CasePublicationControl version={version} state={casePublication} />
    </li>
  );
}
