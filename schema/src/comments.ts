import * as Y from "yjs";
import { storeAnchor } from "./anchors.ts";
import { checkId, newId } from "./ids.ts";
import { commentsMap, LOCAL_ORIGIN, type StoredAnchor, THREAD_KEYS } from "./layout.ts";
import { Anchor, CommentMessage, LIMITS } from "./model.ts";
import { parseOrExplain } from "./parse.ts";

/**
 * Comment commands. Authorship is enforced on the server too (a client-side check alone would
 * let anyone rewrite anyone's comments); these functions refuse the same things locally.
 */

export type MessageInput = { author: string; body: string; at?: string };

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length === 0) throw new Error("Le commentaire est vide");
  if (trimmed.length > LIMITS.commentChars) throw new Error("Le commentaire est trop long");
  return trimmed;
}

function checkAuthor(author: string): string {
  if (!CommentMessage.shape.author.safeParse(author).success)
    throw new Error("Auteur du commentaire invalide");
  return author;
}

function messageMap(id: string, input: MessageInput): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set("id", id);
  map.set("author", checkAuthor(input.author));
  map.set("body", checkBody(input.body));
  map.set("at", input.at ?? new Date().toISOString());
  return map;
}

function requireThread(doc: Y.Doc, threadId: string): Y.Map<unknown> {
  const thread = commentsMap(doc).get(threadId);
  if (!thread) throw new Error(`Fil de commentaires introuvable : ${threadId}`);
  return thread;
}

function messages(thread: Y.Map<unknown>): Y.Array<Y.Map<unknown>> {
  return thread.get(THREAD_KEYS.messages) as Y.Array<Y.Map<unknown>>;
}

/** Opens a thread on a node, a field or a text range (plain-text offsets), with its first message. */
export function addComment(
  doc: Y.Doc,
  anchor: Anchor,
  first: MessageInput,
  options: { id?: string; orphaned?: boolean } = {},
): string {
  const id = options.id === undefined ? newId() : checkId(options.id);
  doc.transact(() => {
    if (commentsMap(doc).has(id)) throw new Error(`Identifiant déjà utilisé : ${id}`);
    const stored: StoredAnchor = storeAnchor(doc, parseOrExplain(Anchor, anchor, "Ancre"), options.orphaned);
    const thread = new Y.Map<unknown>();
    thread.set(THREAD_KEYS.anchor, stored);
    thread.set(THREAD_KEYS.status, "open");
    const list = new Y.Array<Y.Map<unknown>>();
    list.push([messageMap(newId(), first)]);
    thread.set(THREAD_KEYS.messages, list);
    commentsMap(doc).set(id, thread);
  }, LOCAL_ORIGIN);
  return id;
}

/** Appends a reply and returns its id. */
export function replyToComment(doc: Y.Doc, threadId: string, input: MessageInput & { id?: string }): string {
  const id = input.id === undefined ? newId() : checkId(input.id);
  doc.transact(() => {
    const list = messages(requireThread(doc, threadId));
    if (list.toArray().some((m) => m.get("id") === id)) throw new Error(`Identifiant déjà utilisé : ${id}`);
    list.push([messageMap(id, input)]);
  }, LOCAL_ORIGIN);
  return id;
}

/** Edits a message; only its author may. */
export function editComment(
  doc: Y.Doc,
  threadId: string,
  messageId: string,
  author: string,
  body: string,
): void {
  doc.transact(() => {
    const message = messages(requireThread(doc, threadId))
      .toArray()
      .find((m) => m.get("id") === messageId);
    if (!message) throw new Error(`Message introuvable : ${messageId}`);
    if (message.get("author") !== author) throw new Error("Seul l'auteur d'un message peut le modifier");
    message.set("body", checkBody(body));
    message.set("editedAt", new Date().toISOString());
  }, LOCAL_ORIGIN);
}

export function resolveThread(doc: Y.Doc, threadId: string): void {
  doc.transact(() => requireThread(doc, threadId).set(THREAD_KEYS.status, "resolved"), LOCAL_ORIGIN);
}

export function reopenThread(doc: Y.Doc, threadId: string): void {
  doc.transact(() => requireThread(doc, threadId).set(THREAD_KEYS.status, "open"), LOCAL_ORIGIN);
}

/** Deletes a whole thread (owners and editors only: enforced by the server). */
export function deleteThread(doc: Y.Doc, threadId: string): void {
  doc.transact(() => {
    requireThread(doc, threadId);
    commentsMap(doc).delete(threadId);
  }, LOCAL_ORIGIN);
}
