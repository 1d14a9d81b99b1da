import { randomUUID } from "node:crypto";
import {
  commentsMap,
  mentionedIds,
  mentionsAsText,
  readSuggestion,
  readThread,
  type Suggestion,
  suggestionsMap,
} from "@refstudio/schema";
import type * as Y from "yjs";
import { writersOf } from "../history/views.ts";
import type { Logger } from "../logger.ts";
import type { NewNotification, NotificationKind, NotificationTarget, Stores } from "../store/types.ts";
import { type DocEvent, docEvents, type InsertedRanges, insertedRanges } from "./doc-events.ts";
import type { MailOutbox } from "./outbox.ts";

/**
 * Turns what people do into notifications: mentions, replies in a discussion I took part in,
 * suggestions on an item I wrote and decisions on mine (from the documents), role changes and
 * invitations (from the API). Off the sync path: an observer only notes which items a
 * transaction inserted, and a batch a moment later reads them, works out who is concerned and
 * stores the notifications (then mails go out per each person's choice).
 */

/** A loaded document as the notifier sees it (a room). */
export type WatchedDoc = { id: string; doc: Y.Doc };

type Noted = { watched: WatchedDoc; writer: string; ranges: InsertedRanges };

/** A direct notification (from the API). */
export type DirectNotification = {
  userId: string;
  referentialId: string;
  actorId: string;
  kind: Extract<NotificationKind, "role" | "invitation">;
  role: string;
};

const EXCERPT_CHARS = 200;
const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
};

/** The writer of a transaction applied by the room: a connection (it has a user id), else none. */
function writerOf(origin: unknown): string | null {
  const userId = (origin as { userId?: unknown } | null)?.userId;
  return typeof origin === "object" && typeof userId === "string" ? userId : null;
}

export function describeSuggestion(s: Pick<Suggestion, "kind" | "original" | "text">): string {
  if (s.kind === "insert") return `Insérer « ${s.text} »`;
  if (s.kind === "delete") return `Supprimer « ${s.original} »`;
  return `Remplacer « ${s.original} » par « ${s.text} »`;
}

export class Notifier {
  private queue: Noted[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      stores: Stores;
      outbox: MailOutbox | null;
      log: Logger;
      batchMs?: number;
    },
  ) {}

  /** Watches a loaded document's comments and suggestions; returns the function that stops. */
  watch(watched: WatchedDoc): () => void {
    const { doc } = watched;
    const seen = new WeakSet<Y.Transaction>();
    const onChange = (_events: unknown, transaction: Y.Transaction) => {
      if (seen.has(transaction)) return;
      seen.add(transaction);
      const writer = writerOf(transaction.origin);
      if (!writer) return;
      this.queue.push({ watched, writer, ranges: insertedRanges(transaction) });
      this.timer ??= setTimeout(() => this.flushSoon(), this.deps.batchMs ?? 200);
    };
    const roots = [commentsMap(doc), suggestionsMap(doc)];
    for (const root of roots) root.observeDeep(onChange);
    return () => {
      for (const root of roots) root.unobserveDeep(onChange);
    };
  }

  /** Role changes and invitations, notified from the API. */
  async direct(notifications: DirectNotification[]): Promise<void> {
    await this.store(
      notifications.map((n) => ({
        userId: n.userId,
        referentialId: n.referentialId,
        actorId: n.actorId,
        kind: n.kind,
        target: { role: n.role },
        excerpt: "",
      })),
    );
  }

  /** Processes what was noted so far (tests and shutdown). */
  async flush(): Promise<void> {
    this.flushSoon();
    await this.running;
  }

  private flushSoon(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    this.running = this.running
      .then(() => this.process(batch))
      .catch((error: unknown) => this.deps.log.error({ err: error }, "notifications failed"));
  }

  private async process(batch: Noted[]): Promise<void> {
    const drafts: Draft[] = [];
    for (const noted of batch) {
      for (const event of docEvents(noted.watched.doc, noted.ranges)) {
        drafts.push(...(await this.draftsOf(noted, event)));
      }
    }
    await this.store(drafts);
  }

  /** Who an event concerns, and how. */
  private async draftsOf(noted: Noted, event: DocEvent): Promise<Draft[]> {
    const { doc, id: docId } = noted.watched;
    const { writer } = noted;
    const base = { referentialId: docId, actorId: writer };
    if (event.type === "message") {
      const container =
        event.container === "thread"
          ? readThread(doc, event.containerId)
          : readSuggestion(doc, event.containerId);
      if (!container) return [];
      const target: NotificationTarget =
        event.container === "thread"
          ? { thread: event.containerId, node: container.anchor.node }
          : { suggestion: event.containerId, node: container.anchor.node };
      const text = excerpt(mentionsAsText(event.message.body));
      const mentioned = new Set(mentionedIds(event.message.body));
      // Who wrote in the discussion before this message (later ones are told by their own events).
      const index = container.messages.findIndex((m) => m.id === event.message.id);
      const participants = new Set(container.messages.slice(0, Math.max(index, 0)).map((m) => m.author));
      if ("author" in container) participants.add(container.author);
      const drafts: Draft[] = [];
      for (const userId of mentioned)
        drafts.push({ ...base, userId, kind: "mention", target, excerpt: text });
      for (const userId of participants) {
        if (!mentioned.has(userId)) drafts.push({ ...base, userId, kind: "reply", target, excerpt: text });
      }
      return drafts.filter((d) => d.userId !== writer);
    }
    const suggestion = readSuggestion(doc, event.id);
    if (!suggestion) return [];
    const target: NotificationTarget = { suggestion: event.id, node: suggestion.anchor.node };
    if (event.type === "decision") {
      if (suggestion.author === writer) return [];
      return [
        {
          ...base,
          userId: suggestion.author,
          kind: "decision",
          target: { ...target, decision: event.status },
          excerpt: excerpt(describeSuggestion(suggestion)),
        },
      ];
    }
    const writers = await writersOf(this.deps.stores, docId, doc, suggestion.anchor.node);
    return writers
      .filter((userId) => userId !== writer)
      .map((userId) => ({
        ...base,
        userId,
        kind: "suggestion" as const,
        target,
        excerpt: excerpt(describeSuggestion(suggestion)),
      }));
  }

  /** Keeps the members of each référentiel only, stores, and hands immediate mails to the outbox. */
  private async store(drafts: Draft[]): Promise<void> {
    if (drafts.length === 0) return;
    const { stores, outbox } = this.deps;
    const members = new Map<string, Promise<Set<string>>>();
    const membersOf = (id: string) => {
      if (!members.has(id)) {
        members.set(
          id,
          stores.app.members(id).then((list) => new Set(list.map((m) => m.userId))),
        );
      }
      return members.get(id) as Promise<Set<string>>;
    };
    const choices = new Map<string, Promise<string | null>>();
    const choiceOf = (userId: string) => {
      if (!choices.has(userId)) {
        choices.set(
          userId,
          stores.app.account(userId).then((a) => (a && !a.disabled ? a.emailNotifications : null)),
        );
      }
      return choices.get(userId) as Promise<string | null>;
    };
    const now = new Date().toISOString();
    const rows: NewNotification[] = [];
    const immediate = new Set<string>();
    for (const draft of drafts) {
      if (!(await membersOf(draft.referentialId)).has(draft.userId)) continue;
      const choice = await choiceOf(draft.userId);
      const mailDue = outbox !== null && (choice === "immediate" || choice === "daily");
      if (mailDue && choice === "immediate") immediate.add(draft.userId);
      rows.push({ ...draft, id: randomUUID(), createdAt: now, mailDue });
    }
    if (rows.length === 0) return;
    await stores.notifications.add(rows);
    outbox?.due(immediate);
  }
}

type Draft = Omit<NewNotification, "id" | "createdAt" | "mailDue"> & { referentialId: string };
