import type { Editor } from "@tiptap/core";

/**
 * The rich-text editors on the page, by node and field: lets the page save what someone typed in
 * a field whose item is deleted under them (see useKeepOnDelete) before the editor unmounts.
 */
const editors = new Map<string, Editor>();
const keyOf = (nodeId: string, field: string) => `${nodeId}\u0000${field}`;

/** Registers a mounted editor; returns the function that forgets it. */
export function registerEditor(nodeId: string, field: string, editor: Editor): () => void {
  const key = keyOf(nodeId, field);
  editors.set(key, editor);
  return () => {
    if (editors.get(key) === editor) editors.delete(key);
  };
}

export function liveEditor(nodeId: string, field: string): Editor | undefined {
  const editor = editors.get(keyOf(nodeId, field));
  return editor && !editor.isDestroyed ? editor : undefined;
}
