import { memo, useRef } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { setMyFocus } from "../../hooks/useCollabState.ts";
import { isFocusFor, useFocusRequest } from "../../hooks/useFocusRequest.ts";
import { type TextKey, useNodeText, useTextBinding } from "../../hooks/useTextField.ts";
import { readOnlyHint } from "../../richtext/readOnlyHint.ts";

type Props = {
  nodeId: string;
  textKey: TextKey;
  label: string;
  placeholder: string;
  multiline?: boolean;
  className?: string;
  kind: string;
};

/** A plain-text field of a node (a title, a bloc's prerequisites), live-bound to its Y.Text. */
export const TextField = memo(function TextField({
  nodeId,
  textKey,
  label,
  placeholder,
  multiline,
  className,
  kind,
}: Props) {
  const { doc, collab, can } = useWorkspace();
  const text = useNodeText(doc, nodeId, textKey);
  const ref = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const { value, onChange } = useTextBinding(doc, nodeId, textKey, text, ref);

  const select = useRef<{ from: number; to: number } | undefined>(undefined);
  useFocusRequest(
    (target) => {
      const mine = isFocusFor(target, nodeId, kind, textKey);
      if (mine) select.current = target.select;
      return mine;
    },
    () => {
      const field = ref.current;
      if (!field) return false;
      field.scrollIntoView({ block: "center", behavior: "smooth" });
      field.focus();
      if (select.current) field.setSelectionRange(select.current.from, select.current.to);
      return true;
    },
  );

  const common = {
    "aria-label": label,
    placeholder,
    value,
    readOnly: !can.edit,
    className: `text-field ${className ?? ""}`,
    // A field of the document: Ctrl+Z there is the page's undo (UndoRedo), not the browser's.
    "data-doc-field": "",
    onFocus: () => setMyFocus(collab, { nodeId, field: textKey }),
    onBlur: () => setMyFocus(collab, null),
    onKeyDown: (event: React.KeyboardEvent) => {
      const edits = event.key.length === 1 || event.key === "Backspace" || event.key === "Delete";
      if (!can.edit && edits && !event.ctrlKey && !event.metaKey && !event.altKey) readOnlyHint(can.comment);
    },
  };
  if (multiline) {
    return (
      <textarea
        {...common}
        ref={(el) => {
          ref.current = el;
        }}
        rows={1}
        onChange={(e) => onChange(e.target.value)}
        maxLength={2000}
      />
    );
  }
  return (
    <input
      {...common}
      ref={(el) => {
        ref.current = el;
      }}
      onChange={(e) => onChange(e.target.value)}
      maxLength={2000}
    />
  );
});
