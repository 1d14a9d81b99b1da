import {
  deleteThread,
  editComment,
  type Outline,
  reopenThread,
  replyToComment,
  resolveThread,
  richToPlain,
  type CommentThread as Thread,
} from "@refstudio/schema";
import { jumpTo, useUi, useWorkspace } from "../../app/workspace.ts";
import { useNode } from "../../hooks/useNode.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { MessageForm } from "./MessageForm.tsx";
import { MessageList } from "./MessageList.tsx";

/** One thread: what it is about (the quoted range), its messages, reply, resolve/reopen, delete. */
export function CommentThread({
  thread,
  code,
  outline,
}: {
  thread: Thread;
  code: string | null;
  outline: Outline;
}) {
  const { doc, user, ui, can } = useWorkspace();
  const active = useUi((state) => state.activeThread === thread.id);
  const node = useNode(doc, thread.anchor.node);
  const { t } = useI18n();
  const run = (fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };
  const range = thread.anchor.range;
  const quote = node && range && !thread.orphaned ? richToPlain(node.body).slice(range.from, range.to) : null;
  const kind = node ? t(`kind.${node.kind}`) : t("comments.deletedItem");
  const resolved = thread.status === "resolved";

  return (
    <article
      className={`thread${active ? " is-active" : ""}${resolved ? " is-resolved" : ""}`}
      aria-label={t("comments.threadOn", { name: `${kind} ${code ?? ""}`.trim() })}
      data-thread={thread.id}
    >
      <header className="thread__head">
        <button
          type="button"
          className="thread__target"
          disabled={!node}
          onClick={() => {
            ui.update({ activeThread: thread.id });
            jumpTo(ui, outline, thread.anchor.node, thread.anchor.field ?? "body");
          }}
        >
          <span className="mono">{code ?? "—"}</span> {kind}
          {range ? ` · ${t("comments.passage")}` : ""}
        </button>
        {thread.orphaned && <span className="badge badge--warning">{t("comments.orphaned")}</span>}
        {resolved && <span className="badge badge--ok">{t("comments.resolved")}</span>}
      </header>
      {quote && <blockquote className="quote">{quote}</blockquote>}
      {thread.orphaned && <p className="thread__note">{t("comments.orphanedNote")}</p>}
      <MessageList
        messages={thread.messages}
        onEdit={(messageId, body) => run(() => editComment(doc, thread.id, messageId, user.id, body))}
      />
      {can.comment && !resolved && (
        <MessageForm
          label={t("comments.replyLabel")}
          submitLabel={t("comments.reply")}
          onSubmit={(body) => run(() => replyToComment(doc, thread.id, { author: user.id, body }))}
        />
      )}
      {can.comment && (
        <div className="thread__actions">
          {resolved ? (
            <Button size="sm" icon="undo" onClick={() => run(() => reopenThread(doc, thread.id))}>
              {t("comments.reopen")}
            </Button>
          ) : (
            <Button size="sm" icon="check" onClick={() => run(() => resolveThread(doc, thread.id))}>
              {t("comments.resolve")}
            </Button>
          )}
          {can.deleteThreads && (
            <Button
              size="sm"
              variant="ghost"
              icon="trash"
              onClick={() => run(() => deleteThread(doc, thread.id))}
            >
              {t("comments.delete")}
            </Button>
          )}
        </div>
      )}
    </article>
  );
}
