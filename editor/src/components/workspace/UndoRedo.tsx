import { useEffect } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useUndoState } from "../../hooks/useCollabState.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/**
 * Undo/redo of my own changes only (the UndoManager tracks this replica's commands and Tiptap
 * edits). Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z work anywhere on the page; rich-text cells route
 * the same keys here.
 */
export function UndoRedo() {
  const { collab, can } = useWorkspace();
  const { canUndo, canRedo } = useUndoState(collab);
  const { t } = useI18n();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key !== "z" && key !== "y") return;
      if ((event.target as HTMLElement | null)?.closest(".ProseMirror")) return; // handled by the cell
      event.preventDefault();
      if (key === "y" || event.shiftKey) collab.undo.redo();
      else collab.undo.undo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [collab]);

  if (!can.comment) return null;
  return (
    <fieldset className="undo-redo">
      <legend className="sr-only">{t("undo.group")}</legend>
      <Button
        size="sm"
        variant="ghost"
        icon="undo"
        aria-label={t("undo.undo")}
        title={t("undo.undoHint")}
        disabled={!canUndo}
        onClick={() => collab.undo.undo()}
      />
      <Button
        size="sm"
        variant="ghost"
        icon="redo"
        aria-label={t("undo.redo")}
        title={t("undo.redoHint")}
        disabled={!canRedo}
        onClick={() => collab.undo.redo()}
      />
    </fieldset>
  );
}
