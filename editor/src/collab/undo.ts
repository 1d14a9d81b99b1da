import { commentsMap, LOCAL_ORIGIN, metaMap, nodesMap, suggestionsMap } from "@refstudio/schema";
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { defaultDeleteFilter, defaultProtectedNodes, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

/**
 * The page's one undo manager: my commands (LOCAL_ORIGIN) and my typing in every rich-text
 * field (Tiptap's sync plugin), over the document's roots. Rich-text editors use it through
 * Collaboration's `yUndoOptions`, so Ctrl+Z in a cell and the header's buttons share one history.
 *
 * y-tiptap's undo plugin destroys the manager it was given when its editor unmounts, and leaves
 * two listeners behind per editor: here `destroy` is a no-op (the page calls `dispose`), and
 * `UndoScope` hands each editor's listeners back when that editor goes.
 */
export class PageUndoManager extends Y.UndoManager {
  private adopting: { token: object; left: number } | null = null;
  private readonly listenersOf = new Map<object, [string, (...args: unknown[]) => void][]>();

  constructor(doc: Y.Doc) {
    super([nodesMap(doc), metaMap(doc), commentsMap(doc), suggestionsMap(doc)], {
      trackedOrigins: new Set<unknown>([LOCAL_ORIGIN, ySyncPluginKey]),
      captureTimeout: 600,
      // As y-tiptap's own manager: undo never removes a paragraph someone else wrote into.
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
      captureTransaction: (transaction) => transaction.meta.get("addToHistory") !== false,
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: the base signature is generic over the event name
  override on(name: any, f: any): any {
    const result = super.on(name, f);
    const adopting = this.adopting;
    if (adopting && (name === "stack-item-added" || name === "stack-item-popped")) {
      const list = this.listenersOf.get(adopting.token) ?? [];
      list.push([name, f as (...args: unknown[]) => void]);
      this.listenersOf.set(adopting.token, list);
      adopting.left -= 1;
      if (adopting.left === 0) this.adopting = null;
    }
    return result;
  }

  /** The next two stack listeners belong to the editor `token` (its undo plugin view, created next). */
  beginEditor(token: object): void {
    this.adopting = { token, left: 2 };
  }

  /** Removes the listeners of an editor that unmounts. */
  endEditor(token: object): void {
    if (this.adopting?.token === token) this.adopting = null;
    for (const [name, f] of this.listenersOf.get(token) ?? []) {
      super.off(name as "stack-item-added", f as never);
    }
    this.listenersOf.delete(token);
  }

  /** How many editors' listeners are held (for tests). */
  editorCount(): number {
    return this.listenersOf.size;
  }

  /** Editors unmounting must not end the page's history. */
  override destroy(): void {}

  /** Ends the manager with the page. */
  dispose(): void {
    super.destroy();
  }
}

/**
 * Placed before Collaboration (higher priority), so its plugin view is created just before the
 * undo plugin's, and destroyed with the editor: it scopes the undo plugin's listeners to its editor.
 */
export const UndoScope = Extension.create<{ undo: PageUndoManager | null }>({
  name: "undoScope",
  priority: 1001,
  addOptions() {
    return { undo: null };
  },
  addProseMirrorPlugins() {
    const undo = this.options.undo;
    return [
      new Plugin({
        key: new PluginKey("undoScope"),
        view: () => {
          const token = {};
          undo?.beginEditor(token);
          return { destroy: () => undo?.endEditor(token) };
        },
      }),
    ];
  },
});
