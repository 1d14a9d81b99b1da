import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { offsetToPos, posToOffset } from "./offsets.ts";

/** A keystroke in « Suggérer » mode, in plain-text offsets of the field (see offsets.ts). */
export type TypedEdit = { from: number; to: number; text: string; forward?: boolean };

type Options = {
  /**
   * Makes the keystroke a suggestion; returns where the caret goes (an offset), or null when it
   * was refused (the callback has said why).
   */
  onType: (edit: TypedEdit) => number | null;
  /** A key that cannot become a suggestion (a line break, joining paragraphs): says why. */
  onRefused: () => void;
};

/**
 * « Suggérer » mode while typing, as in a word processor: typed text, Backspace, Delete and paste
 * become suggested edits (shown as tracked changes by TrackedChanges) instead of changing the
 * text, which stays as it is for everyone. It runs before ReviewerGuard, which still refuses any
 * other change of the content; when `active` is off it does nothing.
 */
export const SuggestTyping = Extension.create<Options, { active: boolean }>({
  name: "suggestTyping",
  // Before the keymaps (Backspace joins paragraphs) and ReviewerGuard (which refuses keys).
  priority: 1000,
  addOptions() {
    return { onType: () => null, onRefused: () => undefined };
  },
  addStorage() {
    return { active: false };
  },
  addProseMirrorPlugins() {
    const storage = this.storage;
    const options = () => this.options;

    const send = (view: EditorView, from: number, to: number, text: string, forward = false) => {
      const doc = view.state.doc;
      const caret = options().onType({
        from: posToOffset(doc, from),
        to: posToOffset(doc, to),
        text,
        forward,
      });
      if (caret === null) return true;
      const state = view.state;
      const selection = TextSelection.create(state.doc, offsetToPos(state.doc, caret));
      view.dispatch(state.tr.setSelection(selection).scrollIntoView());
      return true;
    };

    // The caret a key just moved (Ctrl+Home, a click) reaches ProseMirror's state with the next
    // selectionchange event, which may come after this key: read it from the DOM first.
    const syncSelection = (view: EditorView) =>
      (view as unknown as { domObserver: { flush(): void } }).domObserver.flush();

    const refuse = () => {
      options().onRefused();
      return true;
    };

    return [
      new Plugin({
        key: new PluginKey("suggestTyping"),
        props: {
          handleKeyDown: (view, event) => {
            if (!storage.active || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
              return false;
            }
            syncSelection(view);
            const { empty, from, to, $from } = view.state.selection;
            if (event.key === "Enter") return refuse();
            if (event.key === "Backspace" || event.key === "Delete") {
              if (!empty) return send(view, from, to, "", event.key === "Delete");
              if (event.key === "Backspace") {
                if ($from.parentOffset === 0) return refuse();
                return send(view, from - 1, from, "");
              }
              if ($from.parentOffset === $from.parent.content.size) return refuse();
              return send(view, from, from + 1, "", true);
            }
            if (event.key.length !== 1) return false;
            return send(view, from, to, event.key);
          },
          // Text that comes without a key of its own (a dead key or an input method: « ê », « é »
          // on some layouts, dictation) is read from the DOM change: the same suggestion.
          handleTextInput: (view, from, to, text) => {
            if (!storage.active) return false;
            return send(view, from, to, text);
          },
          handlePaste: (view, event) => {
            if (!storage.active) return false;
            const text = event.clipboardData?.getData("text/plain")?.replace(/\s*[\r\n]+\s*/g, " ") ?? "";
            if (!text) return refuse();
            syncSelection(view);
            const { from, to } = view.state.selection;
            return send(view, from, to, text);
          },
        },
      }),
    ];
  },
});
