import { Extension } from "@tiptap/core";
import type * as Y from "yjs";

/**
 * Routes undo/redo keys in a rich-text cell to the page's UndoManager, so Ctrl+Z undoes my
 * last change wherever it was (another cell, a move, a link), not only this cell's typing.
 * Its priority is above Collaboration's own per-field undo keys.
 */
export const GlobalUndo = Extension.create<{ undo: Y.UndoManager | null }>({
  name: "globalUndo",
  priority: 1100,
  addOptions() {
    return { undo: null };
  },
  addKeyboardShortcuts() {
    const undo = () => {
      this.options.undo?.undo();
      return true;
    };
    const redo = () => {
      this.options.undo?.redo();
      return true;
    };
    return { "Mod-z": undo, "Mod-y": redo, "Shift-Mod-z": redo };
  },
});
