import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import Placeholder from "@tiptap/extension-placeholder";
import { type Editor, EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { openPanel, useUi, useWorkspace } from "../../app/workspace.ts";
import { colorFor } from "../../collab/colors.ts";
import { UndoScope } from "../../collab/undo.ts";
import { setMyFocus } from "../../hooks/useCollabState.ts";
import { usePeople } from "../../hooks/usePeople.ts";
import { subscribeNodeSuggestions, trackedChangesOf } from "../../hooks/useSuggestions.ts";
import { useSuggestTyping } from "../../hooks/useSuggestTyping.ts";
import { subscribeNodeThreads, threadRanges } from "../../hooks/useThreads.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { CommentHighlights, commentHighlightsKey } from "../../richtext/commentHighlights.ts";
import { registerEditor } from "../../richtext/liveEditors.ts";
import { readOnlyHint } from "../../richtext/readOnlyHint.ts";
import { ReviewerGuard } from "../../richtext/reviewerGuard.ts";
import { selectedRange } from "../../richtext/selection.ts";
import { SuggestTyping } from "../../richtext/suggestTyping.ts";
import { TrackedChanges, trackedChangesKey } from "../../richtext/trackedChanges.ts";
import { Icon } from "../ui/Icon.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { FormatToolbar } from "./FormatToolbar.tsx";
import "../../styles/review.css";

export type RichEditorProps = {
  fragment: Y.XmlFragment;
  /** Accessible name, with the item's code (e.g. "Compétence C1.2"). */
  label: string;
  placeholder: string;
  /** The node whose field this is (comments, presence); null for the fiche's texts. */
  nodeId: string | null;
  /** "body" for a node, "meta.<field>" for the fiche. */
  field: string;
  onReady?: (editor: Editor) => void;
};

/**
 * One live rich-text field: a Tiptap editor bound to the node's Y.XmlFragment (never given
 * initial content: the text comes from the shared document), with remote carets, my undo,
 * commented ranges highlighted and a "comment the selection" button.
 */
export function RichEditor({ fragment, label, placeholder, nodeId, field, onReady }: RichEditorProps) {
  const { collab, doc, user, can, ui } = useWorkspace();
  const { t } = useI18n();
  const activeThread = useUi((state) => state.activeThread);
  const activeRef = useRef(activeThread);
  activeRef.current = activeThread;
  const activeSuggestion = useUi((state) => state.activeSuggestion);
  const nameOf = usePeople();
  const suggestionRef = useRef({ active: activeSuggestion, nameOf, t });
  suggestionRef.current = { active: activeSuggestion, nameOf, t };
  const commentable = nodeId !== null && field === "body";
  const [focused, setFocused] = useState(false);
  // « Suggérer » while typing: my keys become suggestions, continuing the one I am typing.
  const typingAsSuggestion = commentable && can.suggest && !can.edit;
  const onType = useSuggestTyping(nodeId, "body");
  const onTypeRef = useRef(onType);
  onTypeRef.current = onType;

  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          undoRedo: false,
          heading: false,
          codeBlock: false,
          code: false,
          blockquote: false,
          horizontalRule: false,
          link: false,
          dropcursor: false,
          gapcursor: false,
          trailingNode: false,
        }),
        Placeholder.configure({ placeholder }),
        UndoScope.configure({ undo: collab.undo }),
        // One history for the page: the same manager as the header's buttons and the commands.
        Collaboration.configure({ fragment, yUndoOptions: { undoManager: collab.undo } }),
        CollaborationCaret.configure({
          provider: { awareness: collab.awareness },
          user: { id: user.id, name: user.name, color: colorFor(user.id) },
        }),
        CommentHighlights.configure({
          ranges: () => (commentable && nodeId ? threadRanges(doc, nodeId, "body", activeRef.current) : []),
        }),
        SuggestTyping.configure({
          onType: (edit) => onTypeRef.current(edit),
          onRefused: () => showToast({ tone: "info", message: t("suggest.typingRefused") }),
        }),
        ReviewerGuard.configure({ readOnly: !can.edit, onBlocked: () => readOnlyHint(can.comment) }),
        TrackedChanges.configure({
          changes: () => {
            if (!commentable || !nodeId) return [];
            const { active, nameOf: name, t: tr } = suggestionRef.current;
            return trackedChangesOf(doc, nodeId, "body", active, name, {
              inserted: (who) => tr("suggest.inserted", { name: who }),
              deleted: (who) => tr("suggest.deleted", { name: who }),
            });
          },
        }),
      ],
      // Read-only text stays a caret-navigable field (select with the keyboard to comment on it):
      // ReviewerGuard refuses my changes to it, remote changes still come in.
      editable: can.comment || can.edit,
      shouldRerenderOnTransaction: false,
      editorProps: { attributes: editorAttributes(label, can.edit) },
      onFocus: () => {
        setMyFocus(collab, { nodeId, field });
        setFocused(true);
      },
      onBlur: () => {
        setMyFocus(collab, null);
        setFocused(false);
      },
    },
    [fragment],
  );

  useEffect(() => {
    editor.setOptions({ editorProps: { attributes: editorAttributes(label, can.edit) } });
    const editable = can.comment || can.edit;
    if (editor.isEditable !== editable) editor.setEditable(editable);
    const storage = editor.storage as unknown as {
      reviewerGuard: { readOnly: boolean };
      suggestTyping: { active: boolean };
    };
    storage.reviewerGuard.readOnly = !can.edit;
    storage.suggestTyping.active = typingAsSuggestion;
  }, [editor, label, can.edit, can.comment, typingAsSuggestion]);

  useEffect(() => (nodeId ? registerEditor(nodeId, field, editor) : undefined), [editor, nodeId, field]);

  useEffect(() => {
    if (editor) onReady?.(editor);
  }, [editor, onReady]);

  // Re-highlight when this node's threads change or another thread becomes the active one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: activeThread is the trigger (read through a ref)
  useEffect(() => {
    if (!commentable || !nodeId) return;
    const refresh = () => {
      if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, "refresh"));
    };
    refresh();
    return subscribeNodeThreads(doc, nodeId, refresh);
  }, [editor, doc, nodeId, commentable, activeThread]);

  // Tracked changes follow the suggestions of this node, the one active, and my own typing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: activeSuggestion and nameOf are triggers (read through a ref)
  useEffect(() => {
    if (!commentable || !nodeId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(trackedChangesKey, "refresh"));
    };
    const refreshSoon = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    };
    refresh();
    editor.on("update", refreshSoon);
    const unsubscribe = subscribeNodeSuggestions(doc, nodeId, refresh);
    return () => {
      clearTimeout(timer);
      editor.off("update", refreshSoon);
      unsubscribe();
    };
  }, [editor, doc, nodeId, commentable, activeSuggestion, nameOf]);

  const [selection, setSelection] = useState(false);
  useEffect(() => {
    if (!commentable || !can.comment) return;
    const update = () => setSelection(selectedRange(editor) !== null);
    document.addEventListener("selectionchange", update);
    return () => document.removeEventListener("selectionchange", update);
  }, [editor, commentable, can.comment]);

  const comment = () => {
    const range = selectedRange(editor);
    if (!range || !nodeId) return;
    openPanel(ui, "comments", {
      draft: {
        anchor: { node: nodeId, field: "body", range: { from: range.from, to: range.to } },
        quote: range.quote,
      },
    });
  };

  const suggest = () => {
    const range = selectedRange(editor);
    if (!range || !nodeId) return;
    openPanel(ui, "comments", {
      suggestionDraft: {
        node: nodeId,
        field: "body",
        range: { from: range.from, to: range.to },
        quote: range.quote,
      },
      draft: null,
    });
  };

  // Clicking a highlighted range opens its thread; a tracked change, its suggestion.
  const onClick = (event: React.MouseEvent) => {
    const target = event.target as HTMLElement;
    const change = target.closest<HTMLElement>("[data-suggestion]");
    if (change?.dataset.suggestion) {
      openPanel(ui, "comments", { activeSuggestion: change.dataset.suggestion });
      return;
    }
    const mark = target.closest<HTMLElement>("[data-thread]");
    if (mark?.dataset.thread) openPanel(ui, "comments", { activeThread: mark.dataset.thread });
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: threads are also reachable from the comments panel
    <div className="rich-editor" onClick={onClick}>
      {can.edit && focused && <FormatToolbar editor={editor} />}
      <EditorContent editor={editor} />
      {selection && (
        <div className="comment-chip-group">
          <button
            type="button"
            className="comment-chip"
            onMouseDown={(event) => event.preventDefault()}
            onClick={comment}
          >
            <Icon name="comment" size={14} />
            {t("comments.commentSelection")}
          </button>
          {can.suggest && !can.edit && (
            <button
              type="button"
              className="comment-chip comment-chip--suggest"
              onMouseDown={(event) => event.preventDefault()}
              onClick={suggest}
            >
              <Icon name="edit" size={14} />
              {t("suggest.selection")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function editorAttributes(label: string, editable: boolean): Record<string, string> {
  const attributes: Record<string, string> = {
    "aria-label": label,
    role: "textbox",
    "aria-multiline": "true",
    class: "rich",
  };
  if (!editable) {
    // Read-only text stays reachable from the keyboard (to read it and select a range to comment).
    attributes["aria-readonly"] = "true";
    attributes.tabindex = "0";
  }
  return attributes;
}
