import { useState } from "react";
import type { VersionSummary } from "../../api/types.ts";
import { restoreVersion, undoRestore } from "../../app/restore.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";

/** « Restaurer » with its confirmation; shown to owners and editors only (the server checks too). */
export function RestoreButton({ version, size = "sm" }: { version: VersionSummary; size?: "sm" | "md" }) {
  const { summary } = useWorkspace();
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (summary.role !== "owner" && summary.role !== "editor") return null;
  return (
    <>
      <Button size={size} variant="ghost" icon="undo" disabled={busy} onClick={() => setAsking(true)}>
        {t("history.restore")}
      </Button>
      <ConfirmDialog
        open={asking}
        title={t("history.restoreTitle", { name: version.name })}
        message={t("history.restoreMessage")}
        confirmLabel={t("history.restoreConfirm")}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          setBusy(true);
          void restoreVersion(summary.id, version).finally(() => setBusy(false));
        }}
      />
    </>
  );
}

/** « Annuler la restauration » on a restore of the list, with its confirmation; owners and editors only. */
export function UndoRestoreButton({ restore }: { restore: VersionSummary }) {
  const { summary } = useWorkspace();
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (summary.role !== "owner" && summary.role !== "editor") return null;
  return (
    <>
      <Button size="sm" variant="ghost" icon="undo" disabled={busy} onClick={() => setAsking(true)}>
        {t("history.undoRestore")}
      </Button>
      <ConfirmDialog
        open={asking}
        title={t("history.undoRestoreTitle", { name: restore.name })}
        message={t("history.undoRestoreMessage")}
        confirmLabel={t("history.undoRestore")}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          setBusy(true);
          void undoRestore(summary.id, restore).finally(() => setBusy(false));
        }}
      />
    </>
  );
}
