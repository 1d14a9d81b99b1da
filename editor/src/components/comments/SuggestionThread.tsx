import {
  deleteSuggestion,
  editSuggestionReply,
  type Outline,
  replyToSuggestion,
  type Suggestion,
} from "@refstudio/schema";
import { jumpTo, useUi, useWorkspace } from "../../app/workspace.ts";
import { colorFor } from "../../collab/colors.ts";
import { useNode } from "../../hooks/useNode.ts";
import { usePeople } from "../../hooks/usePeople.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { MessageForm } from "./MessageForm.tsx";
import { MessageList } from "./MessageList.tsx";
import { acceptOne, rejectOne } from "./suggestionActions.ts";

/**
 * One suggested edit as a thread: the change proposed (struck and underlined in its author's
 * colour), its state, the discussion, and — for owners and editors — accept or reject.
 */
export function SuggestionThread({
  suggestion,
  code,
  outline,
}: {
  suggestion: Suggestion;
  code: string | null;
  outline: Outline;
}) {
  const { doc, user, ui, can } = useWorkspace();
  const active = useUi((state) => state.activeSuggestion === suggestion.id);
  const node = useNode(doc, suggestion.anchor.node);
  const nameOf = usePeople();
  const { t, lang } = useI18n();
  const run = (fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };
  const open = suggestion.status === "open";
  const kind = node ? t(`kind.${node.kind}`) : t("comments.deletedItem");
  const color = colorFor(suggestion.author);
  const decided =
    suggestion.status === "open"
      ? null
      : t("suggest.decidedBy", {
          status: t(suggestion.status === "accepted" ? "suggest.accepted" : "suggest.rejected"),
          name: nameOf(suggestion.decidedBy ?? ""),
        });

  return (
    <article
      className={`thread suggestion-card${active ? " is-active" : ""}${open ? "" : " is-resolved"}`}
      aria-label={t("suggest.threadOn", { name: `${kind} ${code ?? ""}`.trim() })}
      data-suggestion={suggestion.id}
      style={{ "--suggestion-color": color } as React.CSSProperties}
    >
      <header className="thread__head">
        <button
          type="button"
          className="thread__target"
          disabled={!node}
          onClick={() => {
            ui.update({ activeSuggestion: suggestion.id });
            jumpTo(ui, outline, suggestion.anchor.node, suggestion.anchor.field ?? "body");
          }}
        >
          <span className="mono">{code ?? "—"}</span> {kind} · {t(`suggest.${suggestion.kind}`)}
        </button>
        {open && suggestion.outdated && <span className="badge badge--warning">{t("suggest.outdated")}</span>}
        {decided && <span className="badge badge--ok">{decided}</span>}
      </header>
      <p className="change">
        <span className="change__label">
          {t("suggest.proposedBy", { name: nameOf(suggestion.author) })} ·{" "}
          <time dateTime={suggestion.at}>{formatDate(suggestion.at, lang)}</time>
        </span>
        {suggestion.original && <del className="suggestion-del">{suggestion.original}</del>}
        {suggestion.original && suggestion.text && " → "}
        {suggestion.text && <ins className="suggestion-ins">{suggestion.text}</ins>}
      </p>
      {open && suggestion.outdated && <p className="thread__note">{t("suggest.outdatedNote")}</p>}
      <MessageList
        messages={suggestion.messages}
        onEdit={(messageId, body) =>
          run(() => editSuggestionReply(doc, suggestion.id, messageId, user.id, body))
        }
      />
      {can.comment && open && (
        <MessageForm
          label={t("comments.replyLabel")}
          submitLabel={t("comments.reply")}
          onSubmit={(body) => run(() => replyToSuggestion(doc, suggestion.id, { author: user.id, body }))}
        />
      )}
      {open && (can.decide || suggestion.author === user.id) && (
        <div className="thread__actions">
          {can.decide && (
            <>
              <Button
                size="sm"
                variant="primary"
                icon="check"
                disabled={suggestion.outdated}
                aria-keyshortcuts="Alt+Shift+A"
                onClick={() => acceptOne(doc, suggestion.id, user.id, t)}
              >
                {t("suggest.accept")}
              </Button>
              <Button
                size="sm"
                icon="x"
                aria-keyshortcuts="Alt+Shift+R"
                onClick={() => rejectOne(doc, suggestion.id, user.id, t)}
              >
                {t("suggest.reject")}
              </Button>
            </>
          )}
          {suggestion.author === user.id && (
            <Button
              size="sm"
              variant="ghost"
              icon="trash"
              onClick={() => run(() => deleteSuggestion(doc, suggestion.id))}
            >
              {t("suggest.withdraw")}
            </Button>
          )}
        </div>
      )}
    </article>
  );
}
