import { useEffect } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useUndoState } from "../../hooks/useCollabState.ts";
import { isTyping } from "../../hooks/useShortcuts.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/**
 * Undo/redo of my own changes only (the page's one UndoManager: commands and rich-text typing).
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z undo the document where the document is edited or nothing is
 * being typed; rich-text cells handle them through Tiptap with the same manager; in a plain input
 * (a comment draft, a version name) they are the browser's own undo.
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
      const target = event.target as HTMLElement | null;
      // In a cell Tiptap undid it already; with nothing to undo, no native undo of the shared text either.
      if (target?.closest(".ProseMirror")) {
        event.preventDefault();
        return;
      }
      if (isTyping(target) && !target?.closest("[data-doc-field]")) return;
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
