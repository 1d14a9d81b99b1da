import { formatContents, parseSnapshot, type Referential } from "@refstudio/schema";
import { useEffect, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import type { VersionSummary } from "../../api/types.ts";
import type { VersionFormat } from "../../app/exports.ts";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { Icon } from "../ui/Icon.tsx";
import { FORMAT_LABELS, runVersionDownload } from "./VersionDownloads.tsx";

/**
 * Before a version is downloaded: what the file will hold and what its format cannot carry
 * (the RNCP flux has no place for criteria, grouping…), read from the version itself.
 */
export function ExportDialog({ versions }: { versions: readonly VersionSummary[] }) {
  const workspace = useWorkspace();
  const { ui, summary } = workspace;
  const { t, lang } = useI18n();
  const open = useUi((state) => state.exportDialog);
  const version = open ? versions.find((v) => v.id === open.versionId) : undefined;
  const [referential, setReferential] = useState<Referential | null>(null);
  const [error, setError] = useState<string | null>(null);
  const versionId = version?.id;

  useEffect(() => {
    setReferential(null);
    setError(null);
    if (!versionId) return;
    let live = true;
    api
      .version(summary.id, versionId)
      .then((loaded) => live && setReferential(parseSnapshot(loaded.snapshot).referential))
      .catch((e) => live && setError(e instanceof ApiError ? e.message : t("common.unexpected")));
    return () => {
      live = false;
    };
  }, [summary.id, versionId, t]);

  if (!open || !version) return null;
  const format: VersionFormat = open.format;
  const close = () => ui.update({ exportDialog: null });
  const contents = referential ? formatContents(referential, format) : null;
  return (
    <Dialog
      open
      title={t("exportDialog.title", { format: t(FORMAT_LABELS[format]), name: version.name })}
      onClose={close}
      actions={
        <>
          <Button variant="ghost" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button
            variant="primary"
            icon="download"
            disabled={!contents}
            onClick={() => {
              close();
              void runVersionDownload(workspace, version, format);
            }}
          >
            {t("exportDialog.download")}
          </Button>
        </>
      }
    >
      {!contents && !error && <p className="muted">{t("exportDialog.loading")}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {contents && (
        <div className="export-dialog" data-format={format}>
          {format === "docx" && version.errors > 0 && (
            <p className="export-dialog__draft" role="note">
              <Icon name="warning" /> {t("exportDialog.draft", { count: version.errors })}
            </p>
          )}
          <h3 className="side__heading">{t("exportDialog.holds")}</h3>
          <ul className="export-dialog__list">
            {contents.holds.map((line) => (
              <li key={line.fr}>{line[lang] || line.fr}</li>
            ))}
          </ul>
          <h3 className="side__heading">{t("exportDialog.misses")}</h3>
          {contents.misses.length === 0 ? (
            <p className="muted">{t("exportDialog.nothingMissing")}</p>
          ) : (
            <ul
              className="export-dialog__list export-dialog__list--misses"
              aria-label={t("exportDialog.misses")}
            >
              {contents.misses.map((line) => (
                <li key={line.fr}>{line[lang] || line.fr}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
