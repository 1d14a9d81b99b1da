import { Extension } from "@tiptap/core";
import { isChangeOrigin } from "@tiptap/extension-collaboration";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { offsetToPos } from "./offsets.ts";

/** One commented range of a field, in plain-text offsets. */
export type HighlightRange = { threadId: string; from: number; to: number; active: boolean };

export const commentHighlightsKey = new PluginKey<DecorationSet>("commentHighlights");

type Options = { ranges: () => HighlightRange[] };

/**
 * Highlights the commented ranges of one field. Ranges come from the threads' anchors (which
 * follow the text in Yjs): they are re-read when the thread list changes (a `refresh` meta)
 * and after remote edits; local typing just maps the decorations.
 */
export const CommentHighlights = Extension.create<Options>({
  name: "commentHighlights",
  addOptions() {
    return { ranges: () => [] };
  },
  addProseMirrorPlugins() {
    const build = (doc: Transaction["doc"]) => {
      const decorations = this.options.ranges().flatMap((range) => {
        const from = offsetToPos(doc, range.from);
        const to = offsetToPos(doc, range.to);
        if (to <= from) return [];
        return [
          Decoration.inline(from, to, {
            class: range.active ? "comment-range comment-range--active" : "comment-range",
            "data-thread": range.threadId,
          }),
        ];
      });
      return DecorationSet.create(doc, decorations);
    };
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: (_, state) => build(state.doc),
          apply: (tr, previous) => {
            if (tr.getMeta(commentHighlightsKey) === "refresh" || isChangeOrigin(tr)) return build(tr.doc);
            return tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous;
          },
        },
        props: { decorations: (state) => commentHighlightsKey.getState(state) },
      }),
    ];
  },
});
