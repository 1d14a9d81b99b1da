import { diffText, LIMITS, LOCAL_ORIGIN, replyToSuggestion, suggestEdit } from "@refstudio/schema";
import { type FormEvent, useState } from "react";
import { type SuggestionDraft, useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/**
 * Writing a suggested edit: the selected passage, the text proposed instead (prefilled with it),
 * an optional comment. Only the part that differs becomes the suggestion, so adding words is an
 * insertion and removing them a deletion.
 */
export function SuggestionComposer({
  draft,
  code,
  onDone,
  onCancel,
}: {
  draft: SuggestionDraft;
  code: string;
  onDone: (id: string) => void;
  onCancel: () => void;
}) {
  const { doc, user } = useWorkspace();
  const { t } = useI18n();
  const [text, setText] = useState(draft.quote);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const change = diffText(draft.quote, text);
    if (change.remove === 0 && !change.insert) {
      setError(t("suggest.unchanged"));
      return;
    }
    const from = draft.range.from + change.index;
    try {
      let id = "";
      doc.transact(() => {
        id = suggestEdit(doc, {
          node: draft.node,
          field: draft.field,
          range: { from, to: from + change.remove },
          text: change.insert,
          expected: draft.quote.slice(change.index, change.index + change.remove),
          author: user.id,
        });
        if (note.trim()) replyToSuggestion(doc, id, { author: user.id, body: note });
      }, LOCAL_ORIGIN);
      onDone(id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="composer suggestion-composer" aria-labelledby="suggestion-composer-title">
      <h3 id="suggestion-composer-title" className="side__heading">
        {t("suggest.newTitle", { code })}
      </h3>
      <form className="form" onSubmit={submit}>
        <p className="field__label">{t("suggest.original")}</p>
        <blockquote className="quote">{draft.quote}</blockquote>
        <label className="field">
          <span className="field__label">{t("suggest.proposed")}</span>
          <textarea
            className="input"
            value={text}
            rows={3}
            maxLength={LIMITS.suggestionChars}
            // biome-ignore lint/a11y/noAutofocus: opened on purpose by « Suggérer »
            autoFocus
            onChange={(e) => {
              setText(e.target.value.replace(/[\r\n]+/g, " "));
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.stopPropagation();
                onCancel();
              }
              if (e.key === "Enter") e.preventDefault();
            }}
          />
          <span className="field__hint">{t("suggest.proposedHint")}</span>
        </label>
        <label className="field">
          <span className="field__label">{t("suggest.note")}</span>
          <textarea
            className="input"
            value={note}
            rows={2}
            maxLength={LIMITS.commentChars}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="message-form__actions">
          <Button size="sm" variant="ghost" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button size="sm" variant="primary" type="submit">
            {t("suggest.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
