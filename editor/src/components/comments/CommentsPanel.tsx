import { addComment, type Suggestion, type CommentThread as Thread } from "@refstudio/schema";
import { useEffect, useMemo, useRef, useState } from "react";
import { jumpTo, useUi, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useSuggestions } from "../../hooks/useSuggestions.ts";
import { useThreads } from "../../hooks/useThreads.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { CommentThread } from "./CommentThread.tsx";
import { MessageForm } from "./MessageForm.tsx";
import { SuggestionComposer } from "./SuggestionComposer.tsx";
import { SuggestionThread } from "./SuggestionThread.tsx";

type Filter = "open" | "resolved" | "all";
type Entry = { type: "thread"; item: Thread } | { type: "suggestion"; item: Suggestion };

/** Comment threads and suggested edits: the composers, then the discussions in document order. */
export function CommentsPanel() {
  const { doc, user, ui, can } = useWorkspace();
  const threads = useThreads(doc);
  const suggestions = useSuggestions(doc);
  const outline = useOutline(doc);
  const draft = useUi((state) => state.draft);
  const suggestionDraft = useUi((state) => state.suggestionDraft);
  const [filter, setFilter] = useState<Filter>("open");
  const { t } = useI18n();

  const ordered = useMemo(() => {
    const rank = new Map([...outline.codes.keys()].map((id, i) => [id, i]));
    const entries: Entry[] = [
      ...threads.map((item) => ({ type: "thread" as const, item })),
      ...suggestions.map((item) => ({ type: "suggestion" as const, item })),
    ];
    const isOpen = (entry: Entry) => entry.item.status === "open";
    const shown = entries.filter((e) => filter === "all" || (filter === "open") === isOpen(e));
    const position = (e: Entry) =>
      (rank.get(e.item.anchor.node) ?? Number.MAX_SAFE_INTEGER) * 1e6 + (e.item.anchor.range?.from ?? 0);
    return shown.sort((a, b) => position(a) - position(b));
  }, [threads, suggestions, outline, filter]);

  // A link to a thread or a suggestion (a notification) shows its item once the outline is known.
  const jumped = useRef(false);
  useEffect(() => {
    if (jumped.current || outline.codes.size === 0) return;
    const { activeThread, activeSuggestion } = ui.get();
    const target =
      threads.find((th) => th.id === activeThread) ?? suggestions.find((s) => s.id === activeSuggestion);
    if (!target) return;
    jumped.current = true;
    jumpTo(ui, outline, target.anchor.node, target.anchor.field ?? "body");
  }, [ui, outline, threads, suggestions]);

  const publish = (body: string) => {
    if (!draft) return;
    try {
      const id = addComment(doc, draft.anchor, { author: user.id, body });
      ui.update({ draft: null, activeThread: id });
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };

  const target = draft ? (outline.codes.get(draft.anchor.node) ?? "") : "";
  return (
    <div className="comments">
      {can.suggest && !can.edit && <p className="muted side__note">{t("suggest.reviewerNote")}</p>}
      {suggestionDraft && can.suggest && (
        <SuggestionComposer
          key={`${suggestionDraft.node}:${suggestionDraft.range.from}:${suggestionDraft.range.to}`}
          draft={suggestionDraft}
          code={outline.codes.get(suggestionDraft.node) ?? ""}
          onDone={(id) => ui.update({ suggestionDraft: null, activeSuggestion: id })}
          onCancel={() => ui.update({ suggestionDraft: null })}
        />
      )}
      {draft && can.comment && (
        <section className="composer" aria-labelledby="composer-title">
          <h3 id="composer-title" className="side__heading">
            {draft.anchor.range
              ? t("comments.newOnRange", { code: target })
              : t("comments.newOnItem", { code: target })}
          </h3>
          {draft.quote && <blockquote className="quote">{draft.quote}</blockquote>}
          <MessageForm
            label={t("comments.newLabel")}
            submitLabel={t("comments.publish")}
            autoFocus
            onSubmit={publish}
            onCancel={() => ui.update({ draft: null })}
          />
        </section>
      )}
      <div className="segmented" role="radiogroup" aria-label={t("comments.filter")}>
        {(["open", "resolved", "all"] as const).map((value) => (
          <Button
            key={value}
            size="sm"
            variant={filter === value ? "primary" : "ghost"}
            role="radio"
            aria-checked={filter === value}
            onClick={() => setFilter(value)}
          >
            {t(`comments.filter.${value}`)}
          </Button>
        ))}
      </div>
      {ordered.length === 0 && <p className="muted side__empty">{t(`comments.none.${filter}`)}</p>}
      <ul className="threads">
        {ordered.map((entry) => (
          <li key={`${entry.type}:${entry.item.id}`}>
            {entry.type === "thread" ? (
              <CommentThread
                thread={entry.item}
                code={outline.codes.get(entry.item.anchor.node) ?? null}
                outline={outline}
              />
            ) : (
              <SuggestionThread
                suggestion={entry.item}
                code={outline.codes.get(entry.item.anchor.node) ?? null}
                outline={outline}
              />
            )}
          </li>
        ))}
      </ul>
      {suggestions.length > 0 && <p className="muted side__note">{t("suggest.shortcuts")}</p>}
    </div>
  );
}
