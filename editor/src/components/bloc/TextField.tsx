import { memo, useRef } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { setMyFocus } from "../../hooks/useCollabState.ts";
import { isFocusFor, useFocusRequest } from "../../hooks/useFocusRequest.ts";
import { useSuggestTyping } from "../../hooks/useSuggestTyping.ts";
import { type TextKey, useNodeText, useTextBinding } from "../../hooks/useTextField.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { readOnlyHint } from "../../richtext/readOnlyHint.ts";
import type { TypedEdit } from "../../richtext/suggestTyping.ts";
import { showToast } from "../ui/Toasts.tsx";
import { TitleChanges } from "./TitleChanges.tsx";

type Props = {
  nodeId: string;
  textKey: TextKey;
  label: string;
  placeholder: string;
  multiline?: boolean;
  className?: string;
  kind: string;
};

type Field = HTMLInputElement | HTMLTextAreaElement;

/** The keystroke a key press makes in a plain field, as a suggestion would take it (null: none). */
function typedEdit(event: React.KeyboardEvent<Field>): TypedEdit | null | undefined {
  const field = event.currentTarget;
  const from = field.selectionStart ?? 0;
  const to = field.selectionEnd ?? from;
  if (event.key === "Backspace")
    return from < to ? { from, to, text: "" } : from > 0 ? { from: from - 1, to, text: "" } : null;
  if (event.key === "Delete") {
    if (from < to) return { from, to, text: "", forward: true };
    return to < field.value.length ? { from, to: to + 1, text: "", forward: true } : null;
  }
  return event.key.length === 1 ? { from, to, text: event.key } : undefined;
}

/**
 * A plain-text field of a node (a title, a bloc's prerequisites), live-bound to its Y.Text. In
 * « Suggérer » mode (and for reviewers) what is typed in a title becomes a suggested edit, shown
 * under it as tracked changes.
 */
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
  const { t } = useI18n();
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

  // « Suggérer » while typing, continuing the suggestion I am typing.
  const suggesting = textKey === "title" && can.suggest && !can.edit;
  const suggestTyped = useSuggestTyping(nodeId, "title");
  const suggest = (field: Field, edit: TypedEdit) => {
    const caret = suggestTyped(edit);
    if (caret !== null) field.setSelectionRange(caret, caret);
  };

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
    onKeyDown: (event: React.KeyboardEvent<Field>) => {
      if (can.edit || event.ctrlKey || event.metaKey || event.altKey) return;
      if (suggesting) {
        if (event.key === "Enter") {
          event.preventDefault();
          showToast({ tone: "info", message: t("suggest.typingRefused") });
          return;
        }
        const edit = typedEdit(event);
        if (edit === undefined) return;
        event.preventDefault();
        if (edit) suggest(event.currentTarget, edit);
        return;
      }
      const edits = event.key.length === 1 || event.key === "Backspace" || event.key === "Delete";
      if (edits) readOnlyHint(can.comment);
    },
    onPaste: (event: React.ClipboardEvent<Field>) => {
      if (!suggesting) return;
      event.preventDefault();
      const text = event.clipboardData.getData("text/plain").replace(/\s*[\r\n]+\s*/g, " ");
      const field = event.currentTarget;
      const from = field.selectionStart ?? 0;
      if (text) suggest(field, { from, to: field.selectionEnd ?? from, text });
    },
  };
  const changes = textKey === "title" && <TitleChanges nodeId={nodeId} text={value} />;
  if (multiline) {
    return (
      <>
        <textarea
          {...common}
          ref={(el) => {
            ref.current = el;
          }}
          rows={1}
          onChange={(e) => onChange(e.target.value)}
          maxLength={2000}
        />
        {changes}
      </>
    );
  }
  return (
    <>
      <input
        {...common}
        ref={(el) => {
          ref.current = el;
        }}
        onChange={(e) => onChange(e.target.value)}
        maxLength={2000}
      />
      {changes}
    </>
  );
});
