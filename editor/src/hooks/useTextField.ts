import { type NODE_KEYS, nodeMap, updateNode } from "@refstudio/schema";
import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { subscribeNode } from "./useNode.ts";
import { useYjs } from "./useYjs.ts";

/** The plain-text fields of a node (stored as Y.Text): a title, a bloc's prerequisites. */
export type TextKey = typeof NODE_KEYS.title | typeof NODE_KEYS.prerequis | typeof NODE_KEYS.prerequisEntree;

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
 * Binds an <input> or <textarea> to a node's Y.Text: my keystrokes go through `updateNode`, which
 * writes only the changed span (so two people typing in the same title merge), other edits (remote,
 * or my commands: an accepted suggestion) update the value and keep my caret where it was.
 */
export function useTextBinding(
  doc: Y.Doc,
  nodeId: string,
  key: TextKey,
  text: Y.Text | null,
  ref: RefObject<Field | null>,
): { value: string; onChange: (next: string) => void } {
  const [value, setValue] = useState(() => text?.toString() ?? "");
  const pendingSelection = useRef<[number, number] | null>(null);
  /** Set while my keystroke is written: the field already shows it. */
  const writing = useRef(false);

  useLayoutEffect(() => {
    if (!text) return;
    setValue(text.toString());
    const onEvent = (event: Y.YTextEvent) => {
      // Any other change — remote, or a command of mine such as accepting a suggestion — shows.
      if (writing.current) return;
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
      if (!text) return;
      writing.current = true;
      try {
        updateNode(doc, nodeId, { [key]: next });
      } finally {
        writing.current = false;
      }
      setValue(next);
    },
    [doc, nodeId, key, text],
  );

  return { value, onChange };
}
