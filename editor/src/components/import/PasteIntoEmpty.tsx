import { lazy, Suspense, useEffect, useState } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";

// Loaded only when a table is pasted: the import code stays out of the entry chunk.
const ImportScreen = lazy(() => import("./ImportScreen.tsx").then((m) => ({ default: m.ImportScreen })));

/**
 * A table pasted (from Word, LibreOffice, Google Docs) into a référentiel that has no bloc yet
 * opens the import preview, set to fill this référentiel. Pastes into a text field, or into a
 * référentiel that already has content, are left to the field.
 */
export function PasteIntoEmpty() {
  const { t } = useI18n();
  const { doc, can, summary } = useWorkspace();
  const outline = useOutline(doc);
  const empty = outline.blocs.length === 0 && outline.orphans.length === 0;
  const [html, setHtml] = useState<string | null>(null);

  useEffect(() => {
    if (!empty || !can.edit) return;
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, [contenteditable='true']")) return;
      const pasted = event.clipboardData?.getData("text/html") ?? "";
      if (!/<table[\s>]/i.test(pasted)) return;
      event.preventDefault();
      setHtml(pasted);
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  }, [empty, can.edit]);

  if (html === null) return null;
  return (
    <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
      <ImportScreen
        source={{ html }}
        into={summary.id}
        onChoose={() => undefined}
        onClose={() => setHtml(null)}
      />
    </Suspense>
  );
}
