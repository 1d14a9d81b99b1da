import * as Y from "yjs";
import { storeAnchor } from "./anchors.ts";
import { checkId, newId } from "./ids.ts";
import { commentsMap, LOCAL_ORIGIN, type StoredAnchor, THREAD_KEYS } from "./layout.ts";
import { appendMessage, editMessage, type MessageInput, newMessageList } from "./messages.ts";
import { Anchor } from "./model.ts";
import { parseOrExplain } from "./parse.ts";

/**
 * Comment commands. Authorship is enforced on the server too (a client-side check alone would
 * let anyone rewrite anyone's comments); these functions refuse the same things locally.
 */

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
    const list = newMessageList(first);
    const thread = new Y.Map<unknown>();
    thread.set(THREAD_KEYS.anchor, stored);
    thread.set(THREAD_KEYS.status, "open");
    thread.set(THREAD_KEYS.messages, list);
    commentsMap(doc).set(id, thread);
  }, LOCAL_ORIGIN);
  return id;
}

/** Appends a reply and returns its id. */
export function replyToComment(doc: Y.Doc, threadId: string, input: MessageInput & { id?: string }): string {
  let id = "";
  doc.transact(() => {
    id = appendMessage(messages(requireThread(doc, threadId)), input);
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
  doc.transact(
    () => editMessage(messages(requireThread(doc, threadId)), messageId, author, body),
    LOCAL_ORIGIN,
  );
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
