import {
  acceptSuggestion,
  addComment,
  addNode,
  canonicalSnapshot,
  commentsMap,
  editComment,
  nodesMap,
  readSuggestions,
  readThreads,
  rejectSuggestion,
  replyToComment,
  SUGGESTION_KEYS,
  suggestEdit,
  suggestionsMap,
  updateNode,
} from "@refstudio/schema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { HttpClient, newAccount, signedUpClient } from "../helpers/http-client.ts";
import { RawClient, UpgradeRefused } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { sleep, waitFor } from "../helpers/wait.ts";

/** Each role's rights enforced on the wire, role changes on live connections, refused upgrades. */

type Member = { http: HttpClient; id: string };

let server: ServerProcess;
let owner: Member;
let editor: Member;
let reviewer: Member;
let viewer: Member;
let outsider: Member;
let referential: string;
let bloc: string;
let ownerThread: string;
const opened: { close(): void }[] = [];

/** What the document holds: content and comments (its canonical snapshot), and suggested edits. */
const json = (doc: Y.Doc) => canonicalSnapshot(doc).json + JSON.stringify(readSuggestions(doc));

const member = (name: string): Promise<Member> => signedUpClient(server.url, name);

async function raw(who: Member, id = referential): Promise<RawClient> {
  const client = await RawClient.open(server.url, id, { cookie: who.http.cookie, origin: server.url });
  opened.push(client);
  await client.synced;
  return client;
}

function provider(who: Member): SyncClient {
  const client = connectClient(server.url, referential, who.http.cookie);
  opened.push({ close: () => client.destroy() });
  return client;
}

/** The server's document as a fresh owner connection sees it. */
async function serverState(): Promise<string> {
  const check = await raw(owner);
  const state = json(check.doc);
  check.close();
  return state;
}

async function setRole(who: Member, role: string) {
  const response = await owner.http.patch(`/api/referentials/${referential}/members/${who.id}`, { role });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  server = await startServer({ SIGNUP: "open" });
  owner = await member("Proprietaire");
  editor = await member("Editeur");
  reviewer = await member("Relectrice");
  viewer = await member("Observateur");
  outsider = await member("Exterieur");
  referential = await owner.http.createReferential({ title: "Droits" });
  for (const [who, role] of [
    [editor, "editor"],
    [reviewer, "reviewer"],
    [viewer, "viewer"],
  ] as const) {
    const email = (await who.http.get<{ user: { email: string } }>("/api/session")).body.user.email;
    // An existing account is added at once (no invitation link).
    const added = await owner.http.post<{ member: { role: string } }>(
      `/api/referentials/${referential}/members`,
      {
        email,
        role,
      },
    );
    expect(added.status).toBe(201);
    expect(added.body.member.role).toBe(role);
  }
  const seed = await raw(owner);
  seed.sendEdit((doc) => {
    bloc = addNode(doc, { kind: "bloc", title: "Bloc" }, { parent: null });
  });
  seed.sendEdit((doc) => {
    ownerThread = addComment(doc, { node: bloc }, { author: owner.id, body: "Remarque du propriétaire" });
  });
  await waitFor(
    async () => (await serverState()).includes("Remarque du propriétaire"),
    "the seed to be stored",
  );
});

afterEach(async () => {
  for (const client of opened.splice(0)) client.close();
  await setRole(reviewer, "reviewer");
  await setRole(viewer, "viewer");
});

afterAll(async () => {
  await server?.dispose();
});

describe("viewer", () => {
  it("reads live with the standard provider, without being disconnected", async () => {
    const watcher = provider(viewer);
    await watcher.synced;
    const writer = await raw(editor);
    writer.sendEdit((doc) => updateNode(doc, bloc, { title: "Vu par l'observateur" }));
    await waitFor(() => json(watcher.doc).includes("Vu par l'observateur"), "the edit to reach the viewer");
    expect(watcher.provider.wsconnected).toBe(true);
  });

  it("is disconnected with 4403 on any update, and nothing is stored", async () => {
    const before = await serverState();
    const client = await raw(viewer);
    client.sendEdit((doc) => updateNode(doc, bloc, { title: "Piraté" }));
    const closed = await client.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/Lecture seule/);
    expect(await serverState()).toBe(before);
  });
});

describe("reviewer", () => {
  it("comments and replies, which everyone receives", async () => {
    const watcher = provider(owner);
    await watcher.synced;
    const client = await raw(reviewer);
    client.sendEdit((doc) =>
      addComment(doc, { node: bloc }, { author: reviewer.id, body: "Fil de la relectrice" }),
    );
    client.sendEdit((doc) => replyToComment(doc, ownerThread, { author: reviewer.id, body: "Réponse" }));
    await waitFor(
      () => readThreads(watcher.doc).some((t) => t.messages.some((m) => m.body === "Réponse")),
      "the reply to reach the owner",
    );
    expect(client.isOpen).toBe(true);
  });

  it("is disconnected with 4403 when touching content", async () => {
    const before = await serverState();
    const client = await raw(reviewer);
    client.sendEdit((doc) =>
      addNode(doc, { kind: "bloc", title: "Bloc de la relectrice" }, { parent: null }),
    );
    const closed = await client.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/relecteur/i);
    expect(await serverState()).toBe(before);
  });

  it("cannot edit another member's comment, nor sign in their name", async () => {
    const before = await serverState();
    const first = await raw(reviewer);
    const messageId = readThreads(first.doc).find((t) => t.id === ownerThread)?.messages[0]?.id as string;
    first.sendEdit((doc) => editComment(doc, ownerThread, messageId, owner.id, "Réécrit par la relectrice"));
    expect((await first.closed).code).toBe(4403);

    const second = await raw(reviewer);
    second.sendEdit((doc) => replyToComment(doc, ownerThread, { author: owner.id, body: "Usurpation" }));
    expect((await second.closed).code).toBe(4403);
    expect(await serverState()).toBe(before);
  });
});

describe("suggested edits on the wire", () => {
  /** A competency whose body the suggestions change, made by the editor. */
  async function competency(text: string): Promise<string> {
    const seed = await raw(editor);
    let id = "";
    seed.sendEdit((doc) => {
      id = addNode(doc, { kind: "competency", body: text }, { parent: bloc });
    });
    await waitFor(async () => (await serverState()).includes(text), "the competency to be stored");
    seed.close();
    return id;
  }
  const suggestion = (node: string, text: string, author: string) => (doc: Y.Doc) =>
    suggestEdit(doc, { node, field: "body", range: { from: 0, to: 8 }, text, author });

  it("a reviewer suggests and replies; an editor accepts: the text changes, attributed to both", async () => {
    const node = await competency("Analyser le marché");
    const watcher = provider(owner);
    await watcher.synced;
    const client = await raw(reviewer);
    client.sendEdit(suggestion(node, "Étudier", reviewer.id));
    await waitFor(() => readSuggestions(watcher.doc).some((x) => x.text === "Étudier"), "the suggestion");
    const id = readSuggestions(watcher.doc).find((x) => x.text === "Étudier")?.id as string;
    const decider = await raw(editor);
    await waitFor(() => suggestionsMap(decider.doc).has(id), "the editor to receive it");
    decider.sendEdit((doc) => acceptSuggestion(doc, id, editor.id));
    await waitFor(
      () => json(watcher.doc).includes("Étudier le marché"),
      "the accepted text to reach the owner",
    );
    expect(readSuggestions(watcher.doc).find((x) => x.id === id)).toMatchObject({
      status: "accepted",
      author: reviewer.id,
      decidedBy: editor.id,
    });
    expect(client.isOpen && decider.isOpen).toBe(true);
  });

  it("a reviewer forging a suggestion's author, or accepting or rejecting one, is refused with 4403", async () => {
    const node = await competency("Conduire une analyse");
    const forged = await raw(reviewer);
    const before = await serverState();
    forged.sendEdit(suggestion(node, "Mener", owner.id));
    expect((await forged.closed).code).toBe(4403);
    expect(await serverState()).toBe(before);

    const honest = await raw(reviewer);
    honest.sendEdit(suggestion(node, "Mener", reviewer.id));
    await waitFor(async () => (await serverState()).includes("Mener"), "the honest suggestion");
    const id = [...suggestionsMap(honest.doc).keys()].find(
      (key) => suggestionsMap(honest.doc).get(key)?.get(SUGGESTION_KEYS.text) === "Mener",
    ) as string;
    const stored = await serverState();
    for (const decide of [acceptSuggestion, rejectSuggestion]) {
      const client = await raw(reviewer);
      client.sendEdit((doc) => decide(doc, id, reviewer.id));
      const closed = await client.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/propriétaires et les éditeurs|relecteur/);
    }
    // An editor cannot decide in someone else's name either.
    const editorClient = await raw(editor);
    editorClient.sendEdit((doc) => rejectSuggestion(doc, id, owner.id));
    expect((await editorClient.closed).code).toBe(4403);
    expect(await serverState()).toBe(stored);
  });
});

describe("editor and structure", () => {
  it("an editor's content change is accepted; a structure-breaking one closes with 4409", async () => {
    const client = await raw(editor);
    client.sendEdit((doc) => updateNode(doc, bloc, { title: "Bloc modifié" }));
    await waitFor(async () => (await serverState()).includes("Bloc modifié"), "the editor's change");
    const before = await serverState();
    client.sendEdit((doc) => doc.getMap("intrus").set("x", 1));
    const closed = await client.closed;
    expect(closed.code).toBe(4409);
    expect(await serverState()).toBe(before);
  });
});

describe("role changes on open connections", () => {
  it("an upgraded reviewer may edit content at once", async () => {
    const client = await raw(reviewer);
    await setRole(reviewer, "editor");
    client.sendEdit((doc) => updateNode(doc, bloc, { title: "Promue éditrice" }));
    await waitFor(async () => (await serverState()).includes("Promue éditrice"), "the promoted edit");
    expect(client.isOpen).toBe(true);
  });

  it("a downgraded member is refused at the next update", async () => {
    const client = await raw(reviewer);
    await setRole(reviewer, "viewer");
    client.sendEdit((doc) => addComment(doc, { node: bloc }, { author: reviewer.id, body: "Trop tard" }));
    expect((await client.closed).code).toBe(4403);
  });

  it("a removed member's connections are closed with 4401, and a new one is refused", async () => {
    const client = await raw(viewer);
    const removed = await owner.http.delete(`/api/referentials/${referential}/members/${viewer.id}`);
    expect(removed.status).toBe(204);
    const closed = await client.closed;
    expect(closed.code).toBe(4401);
    await expect(raw(viewer)).rejects.toMatchObject({ status: 403 });
    const email = (await viewer.http.get<{ user: { email: string } }>("/api/session")).body.user.email;
    await owner.http.post(`/api/referentials/${referential}/members`, { email, role: "viewer" });
  });

  it("signing out closes the session's connections", async () => {
    const session = new HttpClient(server.url);
    const account = newAccount("Sortante");
    const user = await session.signUp(account);
    await owner.http.post(`/api/referentials/${referential}/members`, {
      email: account.email,
      role: "viewer",
    });
    const client = await raw({ http: session, id: user.id });
    expect((await session.delete("/api/session")).status).toBe(204);
    expect((await client.closed).code).toBe(4401);
  });
});

describe("upgrade checks", () => {
  it("refuses an upgrade without a session cookie (401)", async () => {
    const refused = await RawClient.open(server.url, referential, { origin: server.url }).catch((e) => e);
    expect(refused).toBeInstanceOf(UpgradeRefused);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).error.code).toBe("unauthenticated");
  });

  it("refuses another site's Origin, and a missing Origin (403)", async () => {
    for (const origin of ["https://evil.example", undefined]) {
      const refused = await RawClient.open(server.url, referential, {
        cookie: owner.http.cookie,
        origin,
      }).catch((e) => e);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe("bad_origin");
    }
  });

  it("refuses someone who is not a member (403), and an unknown document", async () => {
    for (const id of [referential, "inexistant"]) {
      const refused = await RawClient.open(server.url, id, {
        cookie: outsider.http.cookie,
        origin: server.url,
      }).catch((e) => e);
      expect(refused.status).toBe(403);
    }
  });

  it("still serves members after all these refusals", async () => {
    const client = provider(editor);
    await client.synced;
    expect(nodesMap(client.doc).has(bloc)).toBe(true);
    expect(commentsMap(client.doc).has(ownerThread)).toBe(true);
    await sleep(50);
    expect(client.provider.wsconnected).toBe(true);
  });
});
