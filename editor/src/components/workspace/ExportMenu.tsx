import { exportValidated, exportWorkingCopy, VERSION_FORMATS } from "../../app/exports.ts";
import { openPanel, useWorkspace } from "../../app/workspace.ts";
import { useVersions } from "../../hooks/useVersions.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { FORMAT_LABELS } from "../panel/VersionDownloads.tsx";
import { Icon } from "../ui/Icon.tsx";
import { Menu, type MenuItem } from "../ui/Menu.tsx";

/**
 * Export: the dossier's files (Word, XML, CASE, JSON) of the latest validated snapshot, or how
 * to make one; making the validated snapshot (owners; refused while errors remain); a working copy.
 */
export function ExportMenu() {
  const workspace = useWorkspace();
  const { t } = useI18n();
  const { ui, can, summary } = workspace;
  const { versions } = useVersions(summary.id);
  const validated = versions?.find((version) => version.validated) ?? null;
  const dossier: MenuItem[] = validated
    ? VERSION_FORMATS.map((format) => ({
        label: t("export.ofValidated", { format: t(FORMAT_LABELS[format]) }),
        icon: "download",
        onSelect: () => {
          openPanel(ui, "versions");
          ui.update({ exportDialog: { versionId: validated.id, format } });
        },
      }))
    : [
        {
          label: can.manage ? t("export.noValidated") : t("export.noValidatedAskOwner"),
          icon: "history",
          onSelect: () => openPanel(ui, "versions"),
        },
      ];
  return (
    <Menu
      label={t("export.menu")}
      trigger={
        <>
          <Icon name="download" />
          {t("export.menu")}
        </>
      }
      items={[
        ...dossier,
        {
          label: t("export.validated"),
          icon: "shield",
          disabled: !can.manage,
          onSelect: async () => {
            openPanel(ui, "versions", { exportResult: null });
            ui.update({ exportResult: await exportValidated(workspace) });
          },
        },
        { label: t("export.working"), icon: "file", onSelect: () => exportWorkingCopy(workspace) },
      ]}
    />
  );
}
