import { addNode, type RichText } from "@refstudio/schema";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useState } from "react";
import { requestFocus, useUi, useWorkspace } from "../../app/workspace.ts";
import { type KeptDraft, restoreParent } from "../../hooks/useKeepOnDelete.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { takeBufferedKeys } from "../../richtext/keyBuffer.ts";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { copyLink } from "./ItemCard.tsx";
import "./kept-drafts.css";

/** The texts kept from items deleted under me (see useKeepOnDelete), at the top of the centre view. */
export function KeptDrafts() {
  const kept = useUi((state) => state.kept);
  if (kept.length === 0) return null;
  return (
    <div className="kept">
      {kept.map((draft) => (
        <KeptDraftCard key={draft.id} draft={draft} />
      ))}
    </div>
  );
}

/** The editor's text as the page had it: read again from the deleted field's editor when possible. */
function initialContent(draft: KeptDraft) {
  try {
    if (draft.editor) return { body: draft.editor.getJSON(), caret: draft.editor.state.selection.from };
  } catch {
    // the old editor is gone: what was captured at deletion time
  }
  return { body: draft.body, caret: draft.caret };
}

function KeptDraftCard({ draft }: { draft: KeptDraft }) {
  const { doc, ui, can } = useWorkspace();
  const { t } = useI18n();
  const [title, setTitle] = useState(draft.title);
  const [initial] = useState(() => initialContent(draft));
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: false, codeBlock: false, link: false })],
    content: initial.body,
    autofocus: initial.caret || "end",
    editorProps: { attributes: { "aria-label": t("kept.editorLabel", { code: draft.code }), class: "rich" } },
    onCreate: ({ editor: created }) => {
      const typed = takeBufferedKeys();
      const at = Math.max(1, Math.min(initial.caret, created.state.doc.content.size - 1));
      if (typed) created.chain().setTextSelection(at).insertContent(typed).run();
    },
  });
  const forget = () => ui.update({ kept: ui.get().kept.filter((d) => d.id !== draft.id) });
  const text = () => [title, editor?.getText({ blockSeparator: "\n" }) ?? ""].filter(Boolean).join("\n");
  const restore = () => {
    const view = ui.get().view;
    const parent = restoreParent(doc, draft, view.name === "bloc" ? view.id : null);
    if (parent === undefined) {
      showToast({ tone: "error", message: t("kept.noBloc") });
      return;
    }
    const body = (editor?.getJSON().content ?? []) as RichText;
    const id = addNode(doc, { kind: draft.kind, title, body }, { parent });
    forget();
    ui.update({ view: parent ? { name: "bloc", id: parent } : { name: "transversal" } });
    requestFocus(ui, id, "body");
  };
  return (
    <section className="kept__card" aria-label={t("kept.label", { code: draft.code })} data-kept={draft.id}>
      <p className="kept__what" role="alert">
        {draft.by
          ? t("kept.deletedBy", { code: draft.code, name: draft.by })
          : t("kept.deleted", { code: draft.code })}
      </p>
      {(draft.kind === "activity" || draft.kind === "modality") && (
        <input
          className="input"
          aria-label={t("kept.titleLabel", { code: draft.code })}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      )}
      <div className="rich-editor">
        <EditorContent editor={editor} />
      </div>
      <div className="kept__actions">
        {can.edit && (
          <Button size="sm" variant="primary" icon="undo" onClick={restore}>
            {t("kept.restore")}
          </Button>
        )}
        <Button size="sm" icon="copy" onClick={() => void copyLink(text(), t("kept.copied"))}>
          {t("kept.copy")}
        </Button>
        <Button size="sm" variant="ghost" icon="x" onClick={forget}>
          {t("kept.discard")}
        </Button>
      </div>
    </section>
  );
}
