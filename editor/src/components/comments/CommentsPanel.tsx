import { addComment, type CommentThread as Thread } from "@refstudio/schema";
import { useMemo, useState } from "react";
import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useThreads } from "../../hooks/useThreads.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { CommentThread } from "./CommentThread.tsx";
import { MessageForm } from "./MessageForm.tsx";

type Filter = "open" | "resolved" | "all";

/** Comment threads: the new-thread composer, then the threads in document order. */
export function CommentsPanel() {
  const { doc, user, ui, can } = useWorkspace();
  const threads = useThreads(doc);
  const outline = useOutline(doc);
  const draft = useUi((state) => state.draft);
  const [filter, setFilter] = useState<Filter>("open");
  const { t } = useI18n();

  const ordered = useMemo(() => {
    const rank = new Map([...outline.codes.keys()].map((id, i) => [id, i]));
    const shown = threads.filter((th) => filter === "all" || th.status === filter);
    const position = (th: Thread) =>
      (rank.get(th.anchor.node) ?? Number.MAX_SAFE_INTEGER) * 1e6 + (th.anchor.range?.from ?? 0);
    return shown.sort((a, b) => position(a) - position(b));
  }, [threads, outline, filter]);

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
        {ordered.map((thread) => (
          <li key={thread.id}>
            <CommentThread
              thread={thread}
              code={outline.codes.get(thread.anchor.node) ?? null}
              outline={outline}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
