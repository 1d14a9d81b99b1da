import type { Editor } from "@tiptap/react";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { type FocusTarget, useWorkspace } from "../../app/workspace.ts";
import { isFocusFor, useFocusRequest } from "../../hooks/useFocusRequest.ts";
import { useFragmentText } from "../../hooks/useFragmentText.ts";
import { offsetToPos } from "../../richtext/offsets.ts";
import { RichEditor } from "./RichEditor.tsx";

type Props = {
  fragment: Y.XmlFragment;
  label: string;
  placeholder: string;
  nodeId: string | null;
  field: string;
  /** The node's kind, to route focus requests (null for the fiche's texts). */
  kind: string | null;
};

const mountObserverMargin = "300px 0px";

/**
 * A rich-text field that mounts its editor only once it scrolls near the viewport (or is
 * focused, or asked for): until then it shows its text, so a large bloc opens at once.
 */
export const RichField = memo(function RichField({
  fragment,
  label,
  placeholder,
  nodeId,
  field,
  kind,
}: Props) {
  const { doc } = useWorkspace();
  const box = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Editor | null>(null);
  const [mounted, setMounted] = useState(false);
  const focusWhenReady = useRef(false);

  useEffect(() => {
    const element = box.current;
    if (mounted || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setMounted(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setMounted(true);
      },
      { rootMargin: mountObserverMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [mounted]);

  const wanted = useRef<FocusTarget | null>(null);
  useFocusRequest(
    (target) => {
      const mine = isFocusFor(target, nodeId, kind, field);
      if (mine) wanted.current = target;
      return mine;
    },
    () => {
      box.current?.scrollIntoView({ block: "center", behavior: "smooth" });
      const editor = editorRef.current;
      if (!editor || editor.isDestroyed) {
        setMounted(true);
        return false;
      }
      const select = wanted.current?.select;
      if (select) {
        const doc = editor.state.doc;
        editor.commands.focus(undefined, { scrollIntoView: false });
        editor.commands.setTextSelection({
          from: offsetToPos(doc, select.from),
          to: offsetToPos(doc, select.to),
        });
      } else editor.commands.focus("end", { scrollIntoView: false });
      return true;
    },
  );

  const onReady = useCallback((editor: Editor) => {
    editorRef.current = editor;
    if (focusWhenReady.current) {
      focusWhenReady.current = false;
      editor.commands.focus("end");
    }
  }, []);

  return (
    <div className="rich-field" ref={box}>
      {mounted ? (
        <RichEditor
          fragment={fragment}
          label={label}
          placeholder={placeholder}
          nodeId={nodeId}
          field={field}
          onReady={onReady}
        />
      ) : (
        <StaticText
          doc={doc}
          fragment={fragment}
          label={label}
          placeholder={placeholder}
          onFocus={() => {
            focusWhenReady.current = true;
            setMounted(true);
          }}
        />
      )}
    </div>
  );
});

function StaticText({
  doc,
  fragment,
  label,
  placeholder,
  onFocus,
}: {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  label: string;
  placeholder: string;
  onFocus: () => void;
}) {
  const text = useFragmentText(doc, fragment);
  return (
    // biome-ignore lint/a11y/useSemanticElements: stands in for the rich-text editor (a contenteditable textbox) until it mounts
    <div className="rich rich--static" role="textbox" aria-label={label} tabIndex={0} onFocus={onFocus}>
      {text ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
        text.split("\n").map((line, i) => <p key={i}>{line}</p>)
      ) : (
        <p className="is-empty" data-placeholder={placeholder} />
      )}
    </div>
  );
}
