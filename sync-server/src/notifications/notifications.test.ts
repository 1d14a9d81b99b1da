import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  acceptSuggestion,
  addComment,
  addNode,
  createReferential,
  mentionMarkup,
  replyToComment,
  suggestEdit,
} from "@refstudio/schema";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createLogger } from "../logger.ts";
import { Links } from "../mail/links.ts";
import { createMailer, type Mailer } from "../mail/mailer.ts";
import { type SmtpTestServer, startSmtpTestServer } from "../mail/smtp-test-server.ts";
import { openSqliteStores } from "../store/sqlite-stores.ts";
import type { Account, EmailFrequency, Stores } from "../store/types.ts";
import { Notifier } from "./notifier.ts";
import { lastDigestTime, MailOutbox } from "./outbox.ts";

/**
 * From what people do in a document to notifications and mails, with a real store and a real
 * SMTP server on 127.0.0.1 (mails read back by mailparser).
 */

const log = createLogger("silent");
const BASE = "https://ref.example.fr";
const root = mkdtempSync(join(tmpdir(), "refstudio-notify-"));
let smtp: SmtpTestServer;
let stores: Stores;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  stores = openSqliteStores(root);
  mailer = createMailer({ smtpUrl: smtp.url, from: "Référentiel Studio <studio@example.fr>" }, log);
});
afterAll(async () => {
  mailer.close();
  await stores.close();
  await smtp.close();
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
async function person(name: string, frequency: EmailFrequency): Promise<Account> {
  counter += 1;
  const user = await stores.app.createUser({
    email: `${name.toLowerCase()}-${counter}-${Date.now()}@example.fr`,
    name,
    passwordHash: "h",
    admin: false,
  });
  return (await stores.app.updateAccount(user.id, { emailNotifications: frequency })) as Account;
}

/**
 * A référentiel with its members and its document, whose updates are stored with their author
 * as the room stores them (history then knows who wrote each item).
 */
async function team() {
  const alice = await person("Alice", "never");
  const bruno = await person("Bruno", "daily");
  const carla = await person("Carla", "immediate");
  const id = `ref${counter}${Date.now()}`;
  await stores.app.createReferential({ id, title: "Chef de projet", rncpCode: "", ownerId: alice.id });
  await stores.app.setMember(id, bruno.id, "reviewer");
  await stores.app.setMember(id, carla.id, "editor");
  const doc = new Y.Doc();
  const state = { writer: alice.id, stored: [] as Promise<number>[] };
  doc.on("update", (update: Uint8Array) => {
    state.stored.push(stores.docs.append(id, update, { userId: state.writer, at: Date.now() }));
  });
  createReferential(doc, { title: "Chef de projet" });
  const bloc = addNode(doc, { kind: "bloc", title: "Piloter" }, { parent: null });
  const competency = addNode(doc, { kind: "competency", body: "Analyser le marché" }, { parent: bloc });
  return { alice, bruno, carla, id, doc, state, competency };
}

type Team = Awaited<ReturnType<typeof team>>;
/** Runs a command as the room applies a connection's update: the connection is the transaction's origin. */
const as = (t: Team, who: Account, command: (doc: Y.Doc) => unknown) => {
  t.state.writer = who.id;
  t.doc.transact(() => command(t.doc), { userId: who.id });
};
/** Lets the notifier process what was done, once the updates are stored. */
const settle = async (t: Team, notifier: Notifier) => {
  await Promise.all(t.state.stored);
  await notifier.flush();
};

describe("notifications and their mails", () => {
  let outbox: MailOutbox;
  let notifier: Notifier;
  let stopWatching: () => void;
  let t: Team;

  beforeEach(async () => {
    outbox = new MailOutbox({
      stores,
      mailer,
      links: new Links(() => BASE),
      log,
      digestHour: 8,
      groupMs: 10,
    });
    notifier = new Notifier({ stores, outbox, log, batchMs: 10 });
    t = await team();
    stopWatching = notifier.watch({ id: t.id, doc: t.doc });
  });
  afterEach(async () => {
    stopWatching();
    await outbox.close();
  });

  const kinds = async (who: Account) =>
    (await stores.notifications.list(who.id, 20)).map((n) => n.kind).sort();

  it("a mention reaches the person mentioned, a reply the thread's participants; the writer is not told", async () => {
    let thread = "";
    as(t, t.bruno, (doc) => {
      thread = addComment(
        doc,
        { node: t.competency },
        { author: t.bruno.id, body: `Pouvez-vous reprendre ceci, ${mentionMarkup(t.carla)} ?` },
      );
    });
    as(t, t.alice, (doc) => replyToComment(doc, thread, { author: t.alice.id, body: "Je m'en occupe" }));
    await settle(t, notifier);
    expect(await kinds(t.carla)).toEqual(["mention"]);
    expect(await kinds(t.bruno)).toEqual(["reply"]);
    expect(await kinds(t.alice)).toEqual([]);
    const [mention] = await stores.notifications.list(t.carla.id, 1);
    expect(mention).toMatchObject({
      actorId: t.bruno.id,
      referentialId: t.id,
      target: { thread, node: t.competency },
      excerpt: "Pouvez-vous reprendre ceci, @Carla ?",
    });

    // Carla chose « aussitôt »: her mail names who mentioned her and links to the thread.
    const mail = await smtp.waitFor((m) => m.to.includes(t.carla.email), "Carla's mention");
    expect(mail.subject).toBe("Bruno vous a mentionné·e dans « Chef de projet »");
    expect(mail.text).toContain(`${BASE}/#/r/${t.id}/i/${t.competency}/c/${thread}`);
    expect(mail.text).toContain("@Carla");
    const token = await stores.app.unsubscribeToken(t.carla.id);
    expect(mail.text).toContain(`${BASE}/api/notifications/unsubscribe/${token}`);
    expect(JSON.stringify(mail.headers.get("list"))).toContain(`/api/notifications/unsubscribe/${token}`);
    // Bruno chose the daily digest, Alice no mail: nothing was sent to them.
    expect(smtp.received.some((m) => m.to.includes(t.bruno.email) || m.to.includes(t.alice.email))).toBe(
      false,
    );
  });

  it("a suggestion notifies who wrote the item; its decision, who suggested it", async () => {
    let id = "";
    as(t, t.bruno, (doc) => {
      id = suggestEdit(doc, {
        node: t.competency,
        field: "body",
        range: { from: 0, to: 8 },
        text: "Étudier",
        author: t.bruno.id,
      });
    });
    await settle(t, notifier);
    const [suggestion] = await stores.notifications.list(t.alice.id, 5);
    expect(suggestion).toMatchObject({
      kind: "suggestion",
      actorId: t.bruno.id,
      target: { suggestion: id, node: t.competency },
      excerpt: "Remplacer « Analyser » par « Étudier »",
    });
    as(t, t.carla, (doc) => acceptSuggestion(doc, id, t.carla.id));
    await settle(t, notifier);
    const [decision] = await stores.notifications.list(t.bruno.id, 5);
    expect(decision).toMatchObject({
      kind: "decision",
      actorId: t.carla.id,
      target: { decision: "accepted" },
    });
    // Carla accepted, but she did not write the item before: only the suggester hears of it.
    expect(await kinds(t.carla)).toEqual([]);
  });

  it("changes by other processes or by the server itself notify nobody here", async () => {
    t.doc.transact(
      () => addComment(t.doc, { node: t.competency }, { author: t.bruno.id, body: mentionMarkup(t.carla) }),
      Symbol("remote"),
    );
    await settle(t, notifier);
    expect(await kinds(t.carla)).toEqual([]);
  });

  it("non-members are never notified, even when mentioned", async () => {
    const stranger = await person("Stranger", "immediate");
    as(t, t.bruno, (doc) =>
      addComment(doc, { node: t.competency }, { author: t.bruno.id, body: `Hé ${mentionMarkup(stranger)}` }),
    );
    await settle(t, notifier);
    expect(await kinds(stranger)).toEqual([]);
  });

  it("the daily digest groups a day's notifications in one mail, once", async () => {
    let thread = "";
    as(t, t.bruno, (doc) => {
      thread = addComment(doc, { node: t.competency }, { author: t.bruno.id, body: "Premier fil" });
    });
    as(t, t.carla, (doc) => replyToComment(doc, thread, { author: t.carla.id, body: "Réponse une" }));
    as(t, t.alice, (doc) =>
      replyToComment(doc, thread, { author: t.alice.id, body: `Vu, ${mentionMarkup(t.bruno)}` }),
    );
    await settle(t, notifier);
    expect(await kinds(t.bruno)).toEqual(["mention", "reply"]);
    // Before the digest hour nothing goes out; at the next day's digest, one mail with both.
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setHours(9, 0, 0, 0);
    await outbox.sweep(tomorrow);
    const digest = await smtp.waitFor((m) => m.to.includes(t.bruno.email), "Bruno's digest");
    expect(digest.subject).toBe("Votre résumé du jour : 2 notifications");
    expect(digest.text).toContain("Carla a répondu");
    expect(digest.text).toContain("Alice vous a mentionné·e");
    expect(digest.text).toContain(`${BASE}/#/compte`);
    await outbox.sweep(tomorrow);
    expect(smtp.received.filter((m) => m.to.includes(t.bruno.email))).toHaveLength(1);
  });

  it("the digest is due at its hour, today or else yesterday", () => {
    const at = (h: number, m = 0) => new Date(2026, 2, 10, h, m);
    expect(lastDigestTime(at(9, 30), 8)).toEqual(at(8));
    expect(lastDigestTime(at(7), 8)).toEqual(new Date(2026, 2, 9, 8));
  });
});

describe("without a mail relay", () => {
  it("notifications are kept in the app, and no mail is ever due for them", async () => {
    const notifier = new Notifier({ stores, outbox: null, log, batchMs: 10 });
    const t = await team();
    const stop = notifier.watch({ id: t.id, doc: t.doc });
    as(t, t.bruno, (doc) =>
      addComment(doc, { node: t.competency }, { author: t.bruno.id, body: mentionMarkup(t.carla) }),
    );
    await settle(t, notifier);
    stop();
    const [mention] = await stores.notifications.list(t.carla.id, 1);
    expect(mention?.kind).toBe("mention");
    expect(mention?.mailedAt).not.toBeNull();
    const due = await stores.notifications.mailsDue(new Date(Date.now() + 1000).toISOString());
    expect(due.some((d) => d.userId === t.carla.id)).toBe(false);
  });
});
