import * as Y from "yjs";
import { checkId, newId } from "./ids.ts";
import { MESSAGE_KEYS } from "./layout.ts";
import { CommentMessage, LIMITS } from "./model.ts";

/**
 * The messages of a comment thread or of a suggested edit's discussion: a Y.Array of Y.Maps, each
 * signed by its author. Callers run these inside their command's transaction.
 */

export type MessageInput = { author: string; body: string; at?: string };

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length === 0) throw new Error("Le commentaire est vide");
  if (trimmed.length > LIMITS.commentChars) throw new Error("Le commentaire est trop long");
  return trimmed;
}

/** Refuses an author id the projection would not accept (the server checks it is the writer). */
export function checkAuthor(author: string): string {
  if (!CommentMessage.shape.author.safeParse(author).success) throw new Error("Auteur du message invalide");
  return author;
}

export function newMessageMap(id: string, input: MessageInput): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set(MESSAGE_KEYS.id, id);
  map.set(MESSAGE_KEYS.author, checkAuthor(input.author));
  map.set(MESSAGE_KEYS.body, checkBody(input.body));
  map.set(MESSAGE_KEYS.at, input.at ?? new Date().toISOString());
  return map;
}

/** A new list holding one first message. */
export function newMessageList(first: MessageInput): Y.Array<Y.Map<unknown>> {
  const list = new Y.Array<Y.Map<unknown>>();
  list.push([newMessageMap(newId(), first)]);
  return list;
}

/** Appends a reply; returns its id. */
export function appendMessage(list: Y.Array<Y.Map<unknown>>, input: MessageInput & { id?: string }): string {
  const id = input.id === undefined ? newId() : checkId(input.id);
  if (list.toArray().some((m) => m.get(MESSAGE_KEYS.id) === id)) {
    throw new Error(`Identifiant déjà utilisé : ${id}`);
  }
  list.push([newMessageMap(id, input)]);
  return id;
}

/** Edits a message's body; only its author may. */
export function editMessage(
  list: Y.Array<Y.Map<unknown>>,
  messageId: string,
  author: string,
  body: string,
): void {
  const message = list.toArray().find((m) => m.get(MESSAGE_KEYS.id) === messageId);
  if (!message) throw new Error(`Message introuvable : ${messageId}`);
  if (message.get(MESSAGE_KEYS.author) !== author) {
    throw new Error("Seul l'auteur d'un message peut le modifier");
  }
  message.set(MESSAGE_KEYS.body, checkBody(body));
  message.set(MESSAGE_KEYS.editedAt, new Date().toISOString());
}

/** Reads a message list back as plain messages (fields as stored; the projection validates them). */
export function readMessages(list: unknown): CommentMessage[] {
  const items = list instanceof Y.Array ? (list.toArray() as unknown[]) : [];
  return items.map((m) => {
    const get = (key: string) => (m instanceof Y.Map ? m.get(key) : undefined);
    const message = {
      id: get(MESSAGE_KEYS.id),
      author: get(MESSAGE_KEYS.author),
      body: get(MESSAGE_KEYS.body),
      at: get(MESSAGE_KEYS.at),
    } as CommentMessage;
    const editedAt = get(MESSAGE_KEYS.editedAt) as string | undefined;
    if (editedAt !== undefined) message.editedAt = editedAt;
    return message;
  });
}
