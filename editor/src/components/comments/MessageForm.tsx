import { LIMITS, mentionMarkup } from "@refstudio/schema";
import { type FormEvent, type KeyboardEvent, useId, useMemo, useRef, useState } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { useMembers } from "../../hooks/useMembers.ts";
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

/** The `@name` being typed just before the caret, if any. */
const MENTION_QUERY = /(^|\s)@([^\s@[\]()]{0,30})$/;
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/**
 * A comment box: Ctrl/Cmd+Enter sends, Escape cancels; `@` offers the référentiel's members
 * (arrows to choose, Enter or Tab to insert) and writes the mention that notifies them.
 */
export function MessageForm({ label, submitLabel, initial = "", autoFocus, onSubmit, onCancel }: Props) {
  const { summary, user } = useWorkspace();
  const members = useMembers(summary.id);
  const [body, setBody] = useState(initial);
  const [query, setQuery] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const { t } = useI18n();

  const candidates = useMemo(() => {
    if (query === null) return [];
    const wanted = fold(query);
    return members
      .filter((m) => m.userId !== user.id)
      .filter((m) => fold(m.name).includes(wanted) || fold(m.email).startsWith(wanted))
      .slice(0, 6);
  }, [members, query, user.id]);

  const readQuery = (text: string, caret: number) => {
    const match = MENTION_QUERY.exec(text.slice(0, caret));
    setQuery(match ? (match[2] ?? "") : null);
    setIndex(0);
  };

  const insert = (person: { userId: string; name: string }) => {
    const field = input.current;
    const caret = field?.selectionStart ?? body.length;
    const before = body.slice(0, caret).replace(/@[^\s@[\]()]{0,30}$/, "");
    const markup = `${mentionMarkup({ id: person.userId, name: person.name })} `;
    const next = `${before}${markup}${body.slice(caret)}`;
    setBody(next);
    setQuery(null);
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(before.length + markup.length, before.length + markup.length);
    });
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) return;
    onSubmit(body);
    setBody("");
    setQuery(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const open = query !== null && candidates.length > 0;
    if (open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setIndex((i) => (i + step + candidates.length) % candidates.length);
      return;
    }
    if (open && (e.key === "Enter" || e.key === "Tab") && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const chosen = candidates[index];
      if (chosen) insert(chosen);
      return;
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
    if (e.key === "Escape") {
      if (query !== null) {
        e.stopPropagation();
        setQuery(null);
      } else if (onCancel) {
        e.stopPropagation();
        onCancel();
      }
    }
  };

  const open = query !== null;
  return (
    <form className="message-form" onSubmit={submit}>
      <textarea
        ref={input}
        className="input message-form__input"
        aria-label={label}
        placeholder={label}
        value={body}
        maxLength={LIMITS.commentChars}
        rows={2}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && candidates[index] ? `${listId}-${index}` : undefined}
        // biome-ignore lint/a11y/noAutofocus: opened on purpose by "Commenter"
        autoFocus={autoFocus}
        onChange={(e) => {
          setBody(e.target.value);
          readQuery(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
      />
      {open && (
        <div className="mention-list" id={listId} role="listbox" aria-label={t("mention.list")}>
          {candidates.length === 0 && <p className="muted">{t("mention.none")}</p>}
          {candidates.map((person, i) => (
            <div
              key={person.userId}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === index}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(person);
              }}
            >
              {person.name} <span className="muted">{person.email}</span>
            </div>
          ))}
        </div>
      )}
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
