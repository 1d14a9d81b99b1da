import { descendantsCount, removeItem } from "../../app/nodeActions.ts";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";
import { showToast } from "../ui/Toasts.tsx";

/** Asks before deleting an item (and says what goes with it); the deletion can then be undone. */
export function DeleteConfirm() {
  const { collab, doc, ui } = useWorkspace();
  const pending = useUi((state) => state.pendingDelete);
  const outline = useOutline(doc);
  const { t } = useI18n();
  const node = pending ? outline.byId.get(pending) : undefined;
  const code = pending ? (outline.codes.get(pending) ?? "") : "";
  const inside = pending ? descendantsCount(outline, pending) : 0;
  const close = () => ui.update({ pendingDelete: null });
  return (
    <ConfirmDialog
      open={node !== undefined}
      title={t("delete.title", { code })}
      message={inside > 0 ? t("delete.messageBloc", { code, count: inside }) : t("delete.message", { code })}
      confirmLabel={t("delete.confirm")}
      onCancel={close}
      onConfirm={() => {
        if (!node) return close();
        const view = ui.get().view;
        removeItem(collab, node.id);
        ui.update({
          pendingDelete: null,
          view: view.name === "bloc" && view.id === node.id ? { name: "meta" } : view,
        });
        showToast({
          tone: "info",
          message: t("delete.done", { code }),
          action: { label: t("undo.undo"), run: () => collab.undo.undo() },
        });
      }}
    />
  );
}
