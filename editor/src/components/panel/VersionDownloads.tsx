import type { VersionSummary } from "../../api/types.ts";
import { downloadVersion, VERSION_FORMATS, type VersionFormat } from "../../app/exports.ts";
import { openPanel, useUi, useWorkspace, type Workspace } from "../../app/workspace.ts";
import { type MessageKey, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { IssueList } from "./IssueList.tsx";

export const FORMAT_LABELS: Record<VersionFormat, MessageKey> = {
  docx: "export.docx",
  xml: "export.xml",
  case: "export.case",
  json: "export.json",
  comments: "export.comments",
};

/** Downloads a version and records the outcome, shown under that version in the Versions panel. */
export async function runVersionDownload(
  workspace: Workspace,
  version: VersionSummary,
  format: VersionFormat,
): Promise<void> {
  const { ui, summary } = workspace;
  ui.update({ versionDownload: null });
  const result = await downloadVersion(summary.id, version.id, format);
  // A refusal is explained in the Versions panel, whichever button asked.
  if (result.status !== "done") openPanel(ui, "versions");
  ui.update({ versionDownload: { versionId: version.id, format, result } });
}

/** The download buttons of one version, then what the last download of it gave. */
export function VersionDownloads({ version }: { version: VersionSummary }) {
  const workspace = useWorkspace();
  const { t } = useI18n();
  const last = useUi((state) => state.versionDownload);
  const mine = last?.versionId === version.id ? last : null;
  return (
    <>
      <fieldset className="version__downloads">
        <legend className="sr-only">{t("versions.download", { name: version.name })}</legend>
        {VERSION_FORMATS.map((format) => (
          <Button
            key={format}
            size="sm"
            variant="ghost"
            icon="download"
            onClick={() => workspace.ui.update({ exportDialog: { versionId: version.id, format } })}
          >
            {t(FORMAT_LABELS[format])}
          </Button>
        ))}
      </fieldset>
      {mine?.result.status === "done" && (
        <p className="version__downloaded muted" role="status">
          <Icon name="check" /> {t("versions.exported", { file: mine.result.fileName })}
        </p>
      )}
      {mine?.result.status === "refused" && (
        <div className="export-result export-result--error" role="alert">
          <p className="export-result__line">
            <Icon name="error" /> {mine.result.message}
          </p>
          <IssueList issues={mine.result.issues} />
        </div>
      )}
      {mine?.result.status === "failed" && (
        <p className="form-error" role="alert">
          {mine.result.message}
        </p>
      )}
    </>
  );
}
