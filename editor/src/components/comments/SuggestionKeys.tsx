import { useEffect } from "react";
import { jumpTo, openPanel, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useSuggestions } from "../../hooks/useSuggestions.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { acceptOne, rejectOne } from "./suggestionActions.ts";

/**
 * Keyboard for suggested edits, anywhere on the référentiel page: Alt+Shift+N / Alt+Shift+P go to
 * the next / previous open suggestion (in document order), Alt+Shift+A accepts and Alt+Shift+R
 * rejects the one shown (owners and editors). Keys are read by their position (`code`), so they
 * work on any keyboard layout.
 */
export function SuggestionKeys() {
  const { doc, ui, user, can } = useWorkspace();
  const suggestions = useSuggestions(doc);
  const outline = useOutline(doc);
  const { t } = useI18n();

  useEffect(() => {
    const rank = new Map([...outline.codes.keys()].map((id, i) => [id, i]));
    const open = suggestions
      .filter((s) => s.status === "open")
      .sort(
        (a, b) =>
          (rank.get(a.anchor.node) ?? 1e9) - (rank.get(b.anchor.node) ?? 1e9) ||
          (a.anchor.range?.from ?? 0) - (b.anchor.range?.from ?? 0),
      );
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      const active = ui.get().activeSuggestion;
      const index = open.findIndex((s) => s.id === active);
      if (event.code === "KeyN" || event.code === "KeyP") {
        event.preventDefault();
        if (open.length === 0) return;
        const step = event.code === "KeyN" ? 1 : -1;
        const next =
          open[index < 0 ? (step > 0 ? 0 : open.length - 1) : (index + step + open.length) % open.length];
        if (!next) return;
        openPanel(ui, "comments", { activeSuggestion: next.id });
        jumpTo(ui, outline, next.anchor.node, next.anchor.field ?? "body");
        return;
      }
      if ((event.code === "KeyA" || event.code === "KeyR") && can.decide && active && index >= 0) {
        event.preventDefault();
        const done =
          event.code === "KeyA" ? acceptOne(doc, active, user.id, t) : rejectOne(doc, active, user.id, t);
        const following = open[index + 1] ?? open[index - 1];
        if (done) ui.update({ activeSuggestion: following?.id ?? null });
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [doc, ui, user.id, can.decide, suggestions, outline, t]);

  return null;
}
