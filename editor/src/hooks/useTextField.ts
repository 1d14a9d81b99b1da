import { LOCAL_ORIGIN, type NODE_KEYS, nodeMap } from "@refstudio/schema";
import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { subscribeNode } from "./useNode.ts";
import { useYjs } from "./useYjs.ts";

/** The plain-text fields of a node (stored as Y.Text): a title, a bloc's prerequisites. */
export type TextKey = typeof NODE_KEYS.title | typeof NODE_KEYS.prerequis;

/** The Y.Text of a node's plain-text field (a new one if the node was re-created by undo). */
export function useNodeText(doc: Y.Doc, nodeId: string, key: TextKey): Y.Text | null {
  return useYjs(
    doc,
    (onChange) => subscribeNode(doc, nodeId, onChange),
    () => {
      const value = nodeMap(doc, nodeId)?.get(key);
      return value instanceof Y.Text ? value : null;
    },
    [nodeId, key],
  );
}

/** The smallest splice turning `before` into `after` (common prefix and suffix kept). */
export function diffText(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start += 1;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
    end += 1;
  }
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

/** Where a caret index lands after a remote delta (inserts before it push it right). */
export function transformIndex(index: number, delta: Y.YTextEvent["delta"]): number {
  let pos = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) pos += op.retain;
    else if (typeof op.insert === "string") {
      if (pos <= result) result += op.insert.length;
      pos += op.insert.length;
    } else if (op.delete !== undefined) {
      if (pos < result) result -= Math.min(op.delete, result - pos);
    }
  }
  return result;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * Binds an <input> or <textarea> to a Y.Text: my keystrokes become minimal splices (so two
 * people typing in the same title merge instead of overwriting each other), remote edits
 * update the value and keep my caret where it was in the text.
 */
export function useTextBinding(
  text: Y.Text | null,
  ref: RefObject<Field | null>,
): { value: string; onChange: (next: string) => void } {
  const [value, setValue] = useState(() => text?.toString() ?? "");
  const pendingSelection = useRef<[number, number] | null>(null);

  useLayoutEffect(() => {
    if (!text) return;
    setValue(text.toString());
    const onEvent = (event: Y.YTextEvent) => {
      if (event.transaction.local && event.transaction.origin === LOCAL_ORIGIN) return;
      const field = ref.current;
      if (field && document.activeElement === field) {
        pendingSelection.current = [
          transformIndex(field.selectionStart ?? 0, event.delta),
          transformIndex(field.selectionEnd ?? 0, event.delta),
        ];
      }
      setValue(text.toString());
    };
    text.observe(onEvent);
    return () => text.unobserve(onEvent);
  }, [text, ref]);

  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    const field = ref.current;
    if (!selection || !field) return;
    pendingSelection.current = null;
    field.setSelectionRange(selection[0], selection[1]);
  });

  const onChange = useCallback(
    (next: string) => {
      if (!text?.doc) return;
      const splice = diffText(text.toString(), next);
      text.doc.transact(() => {
        if (splice.remove > 0) text.delete(splice.index, splice.remove);
        if (splice.insert) text.insert(splice.index, splice.insert);
      }, LOCAL_ORIGIN);
      setValue(next);
    },
    [text],
  );

  return { value, onChange };
}
