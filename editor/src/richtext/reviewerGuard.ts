import { Extension } from "@tiptap/core";
import { isChangeOrigin } from "@tiptap/extension-collaboration";
import { Plugin, PluginKey } from "@tiptap/pm/state";

/**
 * Read-only text that stays a real text field: a reviewer moves the caret and selects with the
 * keyboard (to comment on a passage), but keys that would change the text are refused and
 * `onBlocked` says why. Changes from others (Yjs) still come in.
 */
export const ReviewerGuard = Extension.create<
  { readOnly: boolean; onBlocked: () => void },
  { readOnly: boolean }
>({
  name: "reviewerGuard",
  addOptions() {
    return { readOnly: false, onBlocked: () => undefined };
  },
  addStorage() {
    return { readOnly: this.options.readOnly };
  },
  addProseMirrorPlugins() {
    const storage = this.storage;
    const blocked = () => {
      this.options.onBlocked();
      return true;
    };
    return [
      new Plugin({
        key: new PluginKey("reviewerGuard"),
        filterTransaction: (tr) => !storage.readOnly || !tr.docChanged || isChangeOrigin(tr),
        props: {
          handleKeyDown: (_view, event) => {
            if (!storage.readOnly || event.ctrlKey || event.metaKey || event.altKey) return false;
            const edits =
              event.key.length === 1 ||
              event.key === "Dead" ||
              ["Backspace", "Delete", "Enter", "Tab"].includes(event.key);
            if (!edits || event.key === "Tab") return false;
            event.preventDefault();
            return blocked();
          },
          handlePaste: () => storage.readOnly && blocked(),
          handleDrop: () => storage.readOnly && blocked(),
        },
      }),
    ];
  },
});
