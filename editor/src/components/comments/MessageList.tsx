import type { CommentMessage } from "@refstudio/schema";
import { useState } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { usePeople } from "../../hooks/usePeople.ts";
import { formatDate, useI18n } from "../../i18n/i18n.ts";
import { MessageBody } from "./MessageBody.tsx";
import { MessageForm } from "./MessageForm.tsx";

/**
 * The messages of a comment thread or of a suggestion's discussion: who, when, the text with its
 * mentions, and « Modifier » on my own (`onEdit` writes the new text).
 */
export function MessageList({
  messages,
  onEdit,
}: {
  messages: readonly CommentMessage[];
  onEdit: (messageId: string, body: string) => boolean;
}) {
  const { user, can } = useWorkspace();
  const nameOf = usePeople();
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  if (messages.length === 0) return null;
  return (
    <ol className="messages">
      {messages.map((message) => (
        <li key={message.id} className="message">
          <p className="message__meta">
            <strong>{nameOf(message.author)}</strong>{" "}
            <time dateTime={message.at}>{formatDate(message.at, lang)}</time>
            {message.editedAt && <span className="muted"> · {t("comments.edited")}</span>}
          </p>
          {editing === message.id ? (
            <MessageForm
              label={t("comments.editLabel")}
              submitLabel={t("common.save")}
              initial={message.body}
              autoFocus
              onCancel={() => setEditing(null)}
              onSubmit={(body) => {
                if (onEdit(message.id, body)) setEditing(null);
              }}
            />
          ) : (
            <MessageBody body={message.body} />
          )}
          {message.author === user.id && can.comment && editing !== message.id && (
            <button type="button" className="link-button" onClick={() => setEditing(message.id)}>
              {t("comments.edit")}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
