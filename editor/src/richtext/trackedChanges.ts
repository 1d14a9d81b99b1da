import { Extension } from "@tiptap/core";
import { isChangeOrigin } from "@tiptap/extension-collaboration";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { offsetToPos } from "./offsets.ts";

/** One open suggestion of a field, as tracked changes show it (plain-text offsets). */
export type TrackedChange = {
  id: string;
  from: number;
  to: number;
  /** The proposed text ("" for a deletion). */
  text: string;
  color: string;
  /** Accessible description, e.g. "Ajout proposé par Camille". */
  label: string;
  active: boolean;
};

export const trackedChangesKey = new PluginKey<DecorationSet>("trackedChanges");

type Options = { changes: () => TrackedChange[] };

/**
 * Shows the open suggestions of one field inline, as tracked changes: the text a suggestion would
 * remove struck through, the text it would add underlined, both in the author's colour. Nothing
 * is written to the document: these are decorations, rebuilt when suggestions change (a `refresh`
 * meta) or the text changes remotely, mapped through local typing.
 */
export const TrackedChanges = Extension.create<Options>({
  name: "trackedChanges",
  addOptions() {
    return { changes: () => [] };
  },
  addProseMirrorPlugins() {
    const build = (doc: Transaction["doc"]) => {
      const decorations: Decoration[] = [];
      for (const change of this.options.changes()) {
        const from = offsetToPos(doc, change.from);
        const to = offsetToPos(doc, change.to);
        const style = `--suggestion-color: ${change.color}`;
        const active = change.active ? " is-active" : "";
        if (to > from) {
          decorations.push(
            Decoration.inline(from, to, {
              class: `suggestion-del${active}`,
              style,
              "data-suggestion": change.id,
            }),
          );
        }
        if (change.text) {
          decorations.push(
            // Before the position: a caret there (typing on in « Suggérer ») sits after the proposal.
            Decoration.widget(to, () => insertion(change, style, active), {
              side: -1,
              key: `${change.id}:${change.text}:${change.active}`,
            }),
          );
        }
      }
      return DecorationSet.create(doc, decorations);
    };
    return [
      new Plugin<DecorationSet>({
        key: trackedChangesKey,
        state: {
          init: (_, state) => build(state.doc),
          apply: (tr, previous) => {
            if (tr.getMeta(trackedChangesKey) === "refresh" || isChangeOrigin(tr)) return build(tr.doc);
            return tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous;
          },
        },
        props: { decorations: (state) => trackedChangesKey.getState(state) },
      }),
    ];
  },
});

function insertion(change: TrackedChange, style: string, active: string): HTMLElement {
  const span = document.createElement("ins");
  span.className = `suggestion-ins${active}`;
  span.setAttribute("style", style);
  span.dataset.suggestion = change.id;
  span.title = change.label;
  span.contentEditable = "false";
  span.textContent = change.text;
  return span;
}
