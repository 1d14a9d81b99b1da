import { exportValidated, exportWorkingCopy } from "../../app/exports.ts";
import { openPanel, useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";
import { Menu } from "../ui/Menu.tsx";

/** Export: the validated snapshot (owners; refused while errors remain) or a working copy. */
export function ExportMenu() {
  const workspace = useWorkspace();
  const { t } = useI18n();
  const { ui, can } = workspace;
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
