import {
  addNode,
  canonicalSnapshot,
  nodesMap,
  nodeTitle,
  requireNodeMap,
  updateNode,
} from "@refstudio/schema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { HttpClient, newAccount } from "../helpers/http-client.ts";
import { metric as metricOf } from "../helpers/metrics.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { waitFor } from "../helpers/wait.ts";

/** Real server process, real y-websocket providers: convergence, presence, durability, unload, compaction. */

const ENV = { IDLE_UNLOAD_MS: "400", COMPACT_AFTER: "25" };

let server: ServerProcess;
let owner: HttpClient;
let editor: HttpClient;
const clients: SyncClient[] = [];

const json = (doc: Y.Doc) => canonicalSnapshot(doc).json;

function connect(client: HttpClient, id: string, url = server.url): SyncClient {
  const sync = connectClient(url, id, client.cookie);
  clients.push(sync);
  return sync;
}

/** A référentiel shared by the owner and an editor. */
async function sharedReferential(): Promise<string> {
  const id = await owner.createReferential({ title: "Partagé" });
  const invite = await owner.post(`/api/referentials/${id}/members`, {
    email: editorAccount.email,
    role: "editor",
  });
  expect(invite.status).toBe(201);
  return id;
}

const metric = (name: string) => metricOf(server.url, name);

const editorAccount = newAccount("Editrice");

beforeAll(async () => {
  server = await startServer(ENV);
  owner = new HttpClient(server.url);
  await owner.signUp(newAccount("Proprietaire"));
  // SIGNUP is closed: the editor joins through an invitation made for a first référentiel.
  const first = await owner.createReferential();
  const invite = await owner.post<{ invitation: { url: string } }>(`/api/referentials/${first}/members`, {
    email: editorAccount.email,
    role: "editor",
  });
  editor = new HttpClient(server.url);
  await editor.signUp(editorAccount, invite.body.invitation.url.split("/").pop());
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server?.dispose();
});

describe("sync between real clients", () => {
  it("two clients converge, and a late joiner receives the whole state", async () => {
    const id = await sharedReferential();
    const a = connect(owner, id);
    const b = connect(editor, id);
    await Promise.all([a.synced, b.synced]);
    expect(json(a.doc)).toBe(json(b.doc));

    const bloc = addNode(a.doc, { kind: "bloc", title: "Bloc A" }, { parent: null });
    await waitFor(() => nodesMap(b.doc).has(bloc), "the bloc to reach b");
    addNode(b.doc, { kind: "competency", title: "Analyser", body: "Analyser le marché" }, { parent: bloc });
    updateNode(a.doc, bloc, { title: "Bloc renommé" });
    nodeTitle(requireNodeMap(b.doc, bloc)).insert(0, "» ");
    await waitFor(() => json(a.doc) === json(b.doc) && nodesMap(a.doc).size === 2, "convergence");
    expect(nodeTitle(requireNodeMap(a.doc, bloc)).toString()).toBe("» Bloc renommé");

    const late = connect(owner, id);
    await late.synced;
    await waitFor(() => json(late.doc) === json(a.doc), "the late joiner to have everything");
  });

  it("awareness reaches the others, under the sender's account, and is removed when a client leaves", async () => {
    const id = await sharedReferential();
    const a = connect(owner, id);
    const b = connect(editor, id);
    await Promise.all([a.synced, b.synced]);
    // The server sets the identity from the account, whatever name the client gives.
    a.provider.awareness.setLocalStateField("user", { name: "Alice", color: "#c00" });
    a.provider.awareness.setLocalStateField("focus", { nodeId: null, field: "title" });
    const aClient = a.doc.clientID;
    await waitFor(() => {
      const state = b.provider.awareness.getStates().get(aClient) as
        | { user?: { name: string }; focus?: { field: string } }
        | undefined;
      return state?.user?.name === "Proprietaire" && state.focus?.field === "title";
    }, "a's presence at b");
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(aClient), "a's presence to be removed at b");
  });
});

describe("durability", () => {
  it("keeps every edit across a clean restart", async () => {
    const id = await sharedReferential();
    const a = connect(owner, id);
    await a.synced;
    addNode(a.doc, { kind: "bloc", title: "Avant redémarrage" }, { parent: null });
    const check = connect(editor, id);
    await waitFor(() => json(check.doc) === json(a.doc), "the edit to reach the server");
    const expected = json(a.doc);
    for (const client of clients.splice(0)) client.destroy();

    expect(await server.stop()).toBe(0);
    expect(server.events().some((e) => e.event === "stopped")).toBe(true);
    server = await server.restart();
    const after = connect(owner, id);
    await after.synced;
    expect(json(after.doc)).toBe(expected);
  });

  it("keeps an edit that reached a second client when the server is killed right after (kill -9)", async () => {
    const id = await sharedReferential();
    const a = connect(owner, id);
    const b = connect(editor, id);
    await Promise.all([a.synced, b.synced]);
    const bloc = addNode(a.doc, { kind: "bloc", title: "Survivra" }, { parent: null });
    await waitFor(() => nodesMap(b.doc).has(bloc), "the edit to reach b");
    await server.kill();
    const expected = json(b.doc);
    for (const client of clients.splice(0)) client.destroy();

    server = await server.restart();
    const after = connect(owner, id);
    await after.synced;
    expect(nodesMap(after.doc).has(bloc)).toBe(true);
    expect(json(after.doc)).toBe(expected);
  });
});

describe("unload and compaction", () => {
  it("unloads an idle document and reloads the same document", async () => {
    const id = await sharedReferential();
    const a = connect(owner, id);
    await a.synced;
    addNode(a.doc, { kind: "bloc", title: "Déchargé puis rechargé" }, { parent: null });
    const b = connect(editor, id);
    await waitFor(() => json(b.doc) === json(a.doc), "the edit to reach the server");
    const expected = json(a.doc);
    const compactionsBefore = await metric("refstudio_compactions_total");
    for (const client of clients.splice(0)) client.destroy();

    await waitFor(async () => (await metric("refstudio_loaded_documents")) === 0, "the document to unload");
    expect(await metric("refstudio_compactions_total")).toBeGreaterThan(compactionsBefore);
    const again = connect(editor, id);
    await again.synced;
    expect(json(again.doc)).toBe(expected);
  });

  it("compacts the update log in the background without changing the document", async () => {
    const id = await sharedReferential();
    const a = connect(owner, id);
    const b = connect(editor, id);
    await Promise.all([a.synced, b.synced]);
    const compactionsBefore = await metric("refstudio_compactions_total");
    const bloc = addNode(a.doc, { kind: "bloc", title: "" }, { parent: null });
    const title = nodeTitle(requireNodeMap(a.doc, bloc));
    for (let i = 0; i < 120; i++) title.insert(title.length, String.fromCharCode(97 + (i % 26)));
    await waitFor(() => json(b.doc) === json(a.doc), "the typing to reach b");
    // COMPACT_AFTER=25: the burst of 120 updates triggers compaction while clients stay connected.
    await waitFor(
      async () => (await metric("refstudio_compactions_total")) > compactionsBefore,
      "a background compaction",
    );
    expect(await metric("refstudio_loaded_documents")).toBeGreaterThan(0);
    const late = connect(editor, id);
    await late.synced;
    expect(json(late.doc)).toBe(json(a.doc));

    for (const client of clients.splice(0)) client.destroy();
    expect(await server.stop()).toBe(0);
    server = await server.restart();
    const reloaded = connect(owner, id);
    await reloaded.synced;
    expect(nodeTitle(requireNodeMap(reloaded.doc, bloc)).toString()).toHaveLength(120);
    expect(json(reloaded.doc)).toBe(json(a.doc));
  });
});
