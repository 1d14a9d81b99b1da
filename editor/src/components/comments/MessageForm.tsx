import { LIMITS } from "@refstudio/schema";
import { type FormEvent, useState } from "react";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

type Props = {
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  onSubmit: (body: string) => void;
  onCancel?: () => void;
};

/** A comment box: Ctrl/Cmd+Enter sends, Escape cancels. */
export function MessageForm({ label, submitLabel, initial = "", autoFocus, onSubmit, onCancel }: Props) {
  const [body, setBody] = useState(initial);
  const { t } = useI18n();
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) return;
    onSubmit(body);
    setBody("");
  };
  return (
    <form className="message-form" onSubmit={submit}>
      <textarea
        className="input message-form__input"
        aria-label={label}
        placeholder={label}
        value={body}
        maxLength={LIMITS.commentChars}
        rows={2}
        // biome-ignore lint/a11y/noAutofocus: opened on purpose by "Commenter"
        autoFocus={autoFocus}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
          if (e.key === "Escape" && onCancel) {
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <div className="message-form__actions">
        {onCancel && (
          <Button size="sm" variant="ghost" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
        <Button size="sm" variant="primary" type="submit" disabled={!body.trim()}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
