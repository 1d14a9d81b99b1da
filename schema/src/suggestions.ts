import * as Y from "yjs";
import { absoluteRange, resolveAnchor, storeEditAnchor, type TextSpan } from "./anchors.ts";
import { checkId, newId } from "./ids.ts";
import { LOCAL_ORIGIN, type StoredAnchor, SUGGESTION_KEYS, suggestionsMap } from "./layout.ts";
import { appendMessage, checkAuthor, editMessage, type MessageInput } from "./messages.ts";
import { LIMITS, type SuggestionKind } from "./model.ts";

/**
 * Suggested edits (DESIGN §4): a reviewer — or an editor in « Suggérer » mode — proposes to
 * replace, insert or delete text in one field. The proposal lives under `suggestions`, beside the
 * content, and becomes content only when an owner or editor accepts it: `acceptSuggestion` applies
 * it in the same transaction that records who accepted it, and refuses when the text it was made
 * on has changed since (the suggestion is then « outdated », kept for the team to redo by hand).
 * The server enforces authorship and who may decide; these commands refuse the same locally.
 */

export type SuggestInput = {
  node: string;
  field: "title" | "body";
  /** Plain-text offsets in the field (from = to: an insertion point). */
  range: { from: number; to: number };
  /** The proposed text: "" deletes the range. */
  text: string;
  /** The range's text as the author saw it: refused if it has changed meanwhile. */
  expected?: string;
  author: string;
  at?: string;
  id?: string;
};

/** Thrown when a suggestion's text has changed since it was made: it is not applied blindly. */
export class OutdatedSuggestionError extends Error {
  override name = "OutdatedSuggestionError";
  constructor() {
    super("Le texte a changé depuis cette suggestion : elle ne peut plus être appliquée telle quelle");
  }
}

const now = () => new Date().toISOString();

function checkText(text: string): string {
  if (typeof text !== "string") throw new Error("Texte proposé invalide");
  if (/[\r\n]/.test(text)) throw new Error("Une suggestion ne peut pas contenir de retour à la ligne");
  if (text.length > LIMITS.suggestionChars) throw new Error("Le texte proposé est trop long");
  return text;
}

/** The plain text of a title (Y.Text) or of a body's leaf (Y.XmlText, whose toString() has markup). */
function plainText(text: Y.Text): string {
  if (!(text instanceof Y.XmlText)) return text.toString();
  let out = "";
  for (const op of text.toDelta() as { insert: unknown }[])
    if (typeof op.insert === "string") out += op.insert;
  return out;
}

/** The formatting (marks as text attributes) of the character at `index`, to keep it on replacement. */
function formattingAt(text: Y.Text, index: number): Record<string, unknown> {
  let at = 0;
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === "string" ? op.insert.length : 1;
    if (index < at + length) return { ...(op.attributes ?? {}) };
    at += length;
  }
  return {};
}

const spanText = (span: TextSpan) => plainText(span.text).slice(span.from, span.to);

function kindOf(range: { from: number; to: number }, text: string): SuggestionKind {
  if (range.from === range.to) return "insert";
  return text === "" ? "delete" : "replace";
}

function requireSuggestion(doc: Y.Doc, id: string): Y.Map<unknown> {
  const suggestion = suggestionsMap(doc).get(id);
  if (!(suggestion instanceof Y.Map)) throw new Error(`Suggestion introuvable : ${id}`);
  return suggestion;
}

function requireOpen(suggestion: Y.Map<unknown>): void {
  if (suggestion.get(SUGGESTION_KEYS.status) !== "open")
    throw new Error("Cette suggestion a déjà été traitée");
}

/** The span a stored suggestion covers, when its text is still the one it was made on. */
function currentSpan(doc: Y.Doc, suggestion: Y.Map<unknown>): TextSpan | undefined {
  const stored = suggestion.get(SUGGESTION_KEYS.anchor) as StoredAnchor;
  const span = absoluteRange(doc, stored, suggestion.get(SUGGESTION_KEYS.kind) === "insert");
  if (!span || spanText(span) !== suggestion.get(SUGGESTION_KEYS.original)) return undefined;
  return span;
}

/** Whether an open suggestion can no longer be applied as made (its text changed or is gone). */
export function isOutdated(doc: Y.Doc, suggestion: Y.Map<unknown>): boolean {
  return suggestion.get(SUGGESTION_KEYS.status) === "open" && currentSpan(doc, suggestion) === undefined;
}

/** Makes a suggestion and returns its id. */
export function suggestEdit(doc: Y.Doc, input: SuggestInput): string {
  const id = input.id === undefined ? newId() : checkId(input.id);
  const text = checkText(input.text);
  const kind = kindOf(input.range, text);
  if (kind === "insert" && text === "") throw new Error("La suggestion est vide");
  doc.transact(() => {
    if (suggestionsMap(doc).has(id)) throw new Error(`Identifiant déjà utilisé : ${id}`);
    const anchor = storeEditAnchor(doc, input.node, input.field, input.range);
    const span = absoluteRange(doc, anchor, kind === "insert") as TextSpan;
    const original = spanText(span);
    if (input.expected !== undefined && original !== input.expected) throw new OutdatedSuggestionError();
    if (original.length > LIMITS.suggestionChars) throw new Error("Le passage est trop long");
    if (kind === "replace" && original === text) throw new Error("La suggestion ne change rien");
    const map = new Y.Map<unknown>();
    map.set(SUGGESTION_KEYS.anchor, anchor);
    map.set(SUGGESTION_KEYS.kind, kind);
    map.set(SUGGESTION_KEYS.original, original);
    map.set(SUGGESTION_KEYS.text, text);
    map.set(SUGGESTION_KEYS.author, checkAuthor(input.author));
    map.set(SUGGESTION_KEYS.at, input.at ?? now());
    map.set(SUGGESTION_KEYS.status, "open");
    map.set(SUGGESTION_KEYS.messages, new Y.Array<Y.Map<unknown>>());
    suggestionsMap(doc).set(id, map);
  }, LOCAL_ORIGIN);
  return id;
}

/** A change typed in « Suggérer » mode, in plain-text offsets of the field as it is. */
export type TypedChange = {
  node: string;
  field: "title" | "body";
  /** What the keystroke would replace (from = to: typed at a caret). */
  range: { from: number; to: number };
  /** What it would type ("" for Backspace or Delete). */
  text: string;
  /** Delete (forward) rather than Backspace: the caret goes after the deleted text. */
  forward?: boolean;
  author: string;
};

/**
 * Typing in « Suggérer » mode (DESIGN §4), as in a word processor's suggestion mode: the keystroke
 * becomes a suggested edit, never content. Typing on where my suggestion `continuing` ends makes it
 * one proposal: text typed at its end (or where Backspace left the caret, at the start of the
 * text it deletes) is added to it, Backspace at its end takes its last character
 * back (withdrawing it when nothing is left), Backspace or Delete just before or after its range
 * widens what it replaces. Anything else starts a new suggestion. Returns the suggestion being
 * typed (null when taken back entirely) and where the caret goes, in offsets of the field's text,
 * which the suggestion leaves as it is.
 */
export function suggestTyping(
  doc: Y.Doc,
  change: TypedChange,
  continuing: string | null,
): { id: string | null; caret: number } {
  const text = checkText(change.text);
  const { from, to } = change.range;
  let result: { id: string | null; caret: number } = { id: continuing, caret: from };
  doc.transact(() => {
    const current = continuing === null ? undefined : continuable(doc, continuing, change);
    if (current) {
      const { map, range } = current;
      const typed = map.get(SUGGESTION_KEYS.text) as string;
      // Typed at its end, or where Backspace left the caret at the start of what it deletes.
      const atEnd = from === to && (from === range.to || (!typed && from === range.from));
      if (text && atEnd) {
        reshape(doc, map, change, range, typed + text);
        result = { id: continuing, caret: range.to };
        return;
      }
      if (!text && typed && from === range.to - 1 && to === range.to) {
        if (typed.length === 1 && range.from === range.to) {
          suggestionsMap(doc).delete(continuing as string);
          result = { id: null, caret: range.to };
        } else {
          reshape(doc, map, change, range, typed.slice(0, -1));
          result = { id: continuing, caret: range.to };
        }
        return;
      }
      if (!text && from < to && (to === range.from || (from === range.to && !typed))) {
        const widened = { from: Math.min(from, range.from), to: Math.max(to, range.to) };
        reshape(doc, map, change, widened, typed);
        result = { id: continuing, caret: change.forward ? widened.to : widened.from };
        return;
      }
    }
    if (from === to && !text) return;
    const id = suggestEdit(doc, {
      node: change.node,
      field: change.field,
      range: { from, to },
      text,
      author: change.author,
    });
    result = { id, caret: text || change.forward ? to : from };
  }, LOCAL_ORIGIN);
  return result;
}

/** My open suggestion in the same field, with its range, when it still applies as made. */
function continuable(doc: Y.Doc, id: string, change: TypedChange) {
  const map = suggestionsMap(doc).get(id);
  if (!(map instanceof Y.Map) || map.get(SUGGESTION_KEYS.status) !== "open") return undefined;
  if (map.get(SUGGESTION_KEYS.author) !== change.author || !currentSpan(doc, map)) return undefined;
  const stored = map.get(SUGGESTION_KEYS.anchor) as StoredAnchor;
  if (stored.node !== change.node || stored.field !== change.field) return undefined;
  const { anchor } = resolveAnchor(doc, stored, map.get(SUGGESTION_KEYS.kind) === "insert");
  return anchor.range ? { map, range: anchor.range } : undefined;
}

/** Gives my open suggestion a new range and text (its author may, while it is open). */
function reshape(
  doc: Y.Doc,
  map: Y.Map<unknown>,
  change: TypedChange,
  range: { from: number; to: number },
  text: string,
): void {
  const kind = kindOf(range, text);
  const anchor = storeEditAnchor(doc, change.node, change.field, range);
  const original = spanText(absoluteRange(doc, anchor, kind === "insert") as TextSpan);
  if (original.length > LIMITS.suggestionChars) throw new Error("Le passage est trop long");
  if (map.get(SUGGESTION_KEYS.kind) !== kind) map.set(SUGGESTION_KEYS.kind, kind);
  if (map.get(SUGGESTION_KEYS.original) !== original) {
    map.set(SUGGESTION_KEYS.anchor, anchor);
    map.set(SUGGESTION_KEYS.original, original);
  }
  map.set(SUGGESTION_KEYS.text, text);
  map.set(SUGGESTION_KEYS.editedAt, now());
}

/** Changes the proposed text of an open suggestion; only its author may. */
export function editSuggestion(doc: Y.Doc, id: string, author: string, text: string): void {
  doc.transact(() => {
    const suggestion = requireSuggestion(doc, id);
    if (suggestion.get(SUGGESTION_KEYS.author) !== author) {
      throw new Error("Seul l'auteur d'une suggestion peut la modifier");
    }
    requireOpen(suggestion);
    const checked = checkText(text);
    const kind = suggestion.get(SUGGESTION_KEYS.kind);
    if (kind === "delete") throw new Error("Une suppression n'a pas de texte à modifier");
    if (checked === "") throw new Error("La suggestion est vide");
    if (kind === "replace" && checked === suggestion.get(SUGGESTION_KEYS.original)) {
      throw new Error("La suggestion ne change rien");
    }
    suggestion.set(SUGGESTION_KEYS.text, checked);
    suggestion.set(SUGGESTION_KEYS.editedAt, now());
  }, LOCAL_ORIGIN);
}

/**
 * Accepts a suggestion: its change is applied to the text and the suggestion records who accepted
 * it, in one transaction. Owners and editors only (enforced by the server). Refused when outdated.
 */
export function acceptSuggestion(doc: Y.Doc, id: string, decider: string, at = now()): void {
  checkAuthor(decider);
  doc.transact(() => {
    const suggestion = requireSuggestion(doc, id);
    requireOpen(suggestion);
    const span = currentSpan(doc, suggestion);
    if (!span) throw new OutdatedSuggestionError();
    const text = suggestion.get(SUGGESTION_KEYS.text) as string;
    const formatting =
      span.to > span.from ? formattingAt(span.text, span.from) : formattingAt(span.text, span.from - 1);
    if (span.to > span.from) span.text.delete(span.from, span.to - span.from);
    if (text) span.text.insert(span.from, text, formatting);
    decide(suggestion, "accepted", decider, at);
  }, LOCAL_ORIGIN);
}

/** Rejects a suggestion: the text is left as it is, the suggestion is kept (owners and editors). */
export function rejectSuggestion(doc: Y.Doc, id: string, decider: string, at = now()): void {
  checkAuthor(decider);
  doc.transact(() => {
    const suggestion = requireSuggestion(doc, id);
    requireOpen(suggestion);
    decide(suggestion, "rejected", decider, at);
  }, LOCAL_ORIGIN);
}

function decide(suggestion: Y.Map<unknown>, status: "accepted" | "rejected", decider: string, at: string) {
  suggestion.set(SUGGESTION_KEYS.status, status);
  suggestion.set(SUGGESTION_KEYS.decidedBy, decider);
  suggestion.set(SUGGESTION_KEYS.decidedAt, at);
}

/** Withdraws a suggestion: its author while it is open, or an owner or editor (enforced by the server). */
export function deleteSuggestion(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    requireSuggestion(doc, id);
    suggestionsMap(doc).delete(id);
  }, LOCAL_ORIGIN);
}

function messagesOf(suggestion: Y.Map<unknown>): Y.Array<Y.Map<unknown>> {
  const list = suggestion.get(SUGGESTION_KEYS.messages);
  if (!(list instanceof Y.Array)) throw new Error("Discussion de la suggestion introuvable");
  return list as Y.Array<Y.Map<unknown>>;
}

/** Replies in a suggestion's discussion (anyone who may comment); returns the message id. */
export function replyToSuggestion(doc: Y.Doc, id: string, input: MessageInput & { id?: string }): string {
  let messageId = "";
  doc.transact(() => {
    messageId = appendMessage(messagesOf(requireSuggestion(doc, id)), input);
  }, LOCAL_ORIGIN);
  return messageId;
}

/** Edits a reply of a suggestion's discussion; only its author may. */
export function editSuggestionReply(
  doc: Y.Doc,
  id: string,
  messageId: string,
  author: string,
  body: string,
): void {
  doc.transact(
    () => editMessage(messagesOf(requireSuggestion(doc, id)), messageId, author, body),
    LOCAL_ORIGIN,
  );
}
