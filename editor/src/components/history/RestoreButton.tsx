import { useState } from "react";
import type { VersionSummary } from "../../api/types.ts";
import { restoreVersion, undoRestore } from "../../app/restore.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";

type Confirmed = {
  label: string;
  title: string;
  message: string;
  confirmLabel: string;
  size: "sm" | "md";
  run: () => Promise<unknown>;
};

/** A history action behind its confirmation, for owners and editors only (the server checks too). */
function ConfirmedHistoryAction({ label, title, message, confirmLabel, size, run }: Confirmed) {
  const { summary } = useWorkspace();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (summary.role !== "owner" && summary.role !== "editor") return null;
  return (
    <>
      <Button size={size} variant="ghost" icon="undo" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </Button>
      <ConfirmDialog
        open={asking}
        title={title}
        message={message}
        confirmLabel={confirmLabel}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          setBusy(true);
          void run().finally(() => setBusy(false));
        }}
      />
    </>
  );
}

/** « Restaurer » a version, with its confirmation. */
export function RestoreButton({ version, size = "sm" }: { version: VersionSummary; size?: "sm" | "md" }) {
  const { summary } = useWorkspace();
  const { t } = useI18n();
  return (
    <ConfirmedHistoryAction
      size={size}
      label={t("history.restore")}
      title={t("history.restoreTitle", { name: version.name })}
      message={t("history.restoreMessage")}
      confirmLabel={t("history.restoreConfirm")}
      run={() => restoreVersion(summary.id, version)}
    />
  );
}

/** « Annuler la restauration » on a restore of the list, with its confirmation. */
export function UndoRestoreButton({ restore }: { restore: VersionSummary }) {
  const { summary } = useWorkspace();
  const { t } = useI18n();
  return (
    <ConfirmedHistoryAction
      size="sm"
      label={t("history.undoRestore")}
      title={t("history.undoRestoreTitle", { name: restore.name })}
      message={t("history.undoRestoreMessage")}
      confirmLabel={t("history.undoRestore")}
      run={() => undoRestore(summary.id, restore)}
    />
  );
}
