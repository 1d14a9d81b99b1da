import {
  addComment,
  addNode,
  canonicalSnapshot,
  commentsMap,
  mentionMarkup,
  nodesMap,
  updateNode,
} from "@refstudio/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { isolatedSchema, postgresUrl, redisUrl } from "../helpers/services.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * Scale-out: two server processes share one PostgreSQL and fan updates out through Redis; clients
 * of either process edit the same référentiel. Runs when both services answer (CI sets them).
 */

const pgUrl = await postgresUrl();
const redis = await redisUrl();

const json = (doc: Y.Doc) => canonicalSnapshot(doc).json;

describe.skipIf(pgUrl === null || redis === null)("two processes, one PostgreSQL, Redis fan-out", () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let owner: HttpClient;
  let ownerId: string;
  const clients: SyncClient[] = [];

  const connect = (server: ServerProcess, id: string, cookie = owner.cookie) => {
    const client = connectClient(server.url, id, cookie);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    schema = await isolatedSchema(pgUrl as string);
    const env = { DATABASE_URL: schema.url, REDIS_URL: redis as string, SIGNUP: "open" };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    owner = new HttpClient(a.url);
    ownerId = (await owner.signUp(newAccount("Proprietaire"))).id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([a?.dispose(), b?.dispose()]);
    await schema?.drop();
  });

  it("clients of different processes converge, awareness included", async () => {
    const id = await owner.createReferential({ title: "Deux serveurs" });
    const onA = connect(a, id);
    const onB = connect(b, id);
    await Promise.all([onA.synced, onB.synced]);

    const bloc = addNode(onA.doc, { kind: "bloc", title: "Écrit sur A" }, { parent: null });
    await waitFor(() => nodesMap(onB.doc).has(bloc), "A's edit to reach B's client");
    updateNode(onB.doc, bloc, { title: "Renommé sur B" });
    await waitFor(
      () => json(onA.doc) === json(onB.doc) && json(onA.doc).includes("Renommé sur B"),
      "convergence",
    );

    onA.provider.awareness.setLocalStateField("focus", { nodeId: bloc, field: "title" });
    await waitFor(() => {
      const state = onB.provider.awareness.getStates().get(onA.doc.clientID) as
        | { user?: { name: string }; focus?: { nodeId: string } }
        | undefined;
      return state?.user?.name === "Proprietaire" && state.focus?.nodeId === bloc;
    }, "A's presence at B");
  });

  it("a removal made through one process closes the member's connection on the other", async () => {
    const id = await owner.createReferential({ title: "Retrait" });
    const viewer = new HttpClient(b.url);
    const account = newAccount("Observateur");
    const user = await viewer.signUp(account);
    await addMembers(owner, id, [[viewer, "viewer"]]);
    const onB = await RawClient.open(b.url, id, { cookie: viewer.cookie, origin: b.url });
    await onB.synced;
    const removed = await owner.delete(`/api/referentials/${id}/members/${user.id}`);
    expect(removed.status).toBe(204);
    expect((await onB.closed).code).toBe(4401);
  });

  it("a référentiel deleted through one process closes its connections on the other", async () => {
    const id = await owner.createReferential({ title: "Supprimé" });
    const onB = await RawClient.open(b.url, id, { cookie: owner.cookie, origin: b.url });
    await onB.synced;
    onB.sendEdit((doc) => addNode(doc, { kind: "bloc", title: "Écrit sur B" }, { parent: null }));
    const onA = connect(a, id);
    await waitFor(() => nodesMap(onA.doc).size > 0, "B's edit to reach A's client");
    expect((await owner.delete(`/api/referentials/${id}`)).status).toBe(204);
    const closed = await onB.closed;
    expect(closed.code).toBe(4410);
    expect(closed.reason).toMatch(/supprimé/);
    const throughB = new HttpClient(b.url);
    throughB.cookie = owner.cookie;
    expect((await throughB.get(`/api/referentials/${id}`)).status).toBe(404);
  });

  it("a mention made through one process notifies the person once, wherever the document is loaded", async () => {
    const id = await owner.createReferential({ title: "Mentions" });
    const mia = new HttpClient(b.url);
    const account = await mia.signUp(newAccount("Mia"));
    await addMembers(owner, id, [[mia, "reviewer"]]);
    // The document is loaded on both processes: B receives A's update through Redis.
    const onA = connect(a, id);
    const onB = connect(b, id);
    await Promise.all([onA.synced, onB.synced]);
    const bloc = addNode(onA.doc, { kind: "bloc", title: "Bloc" }, { parent: null });
    const miaMention = mentionMarkup({ id: account.id, name: "Mia" });
    const first = addComment(onA.doc, { node: bloc }, { author: ownerId, body: `Première ${miaMention}` });
    await waitFor(() => commentsMap(onB.doc).has(first), "the first mention at B's client");
    // A second mention through B: once it is notified, B has judged the first one long before.
    addComment(onB.doc, { node: bloc }, { author: ownerId, body: `Seconde ${miaMention}` });

    type Listed = { notifications: { kind: string; excerpt: string; referentialId: string }[] };
    const mentions = async () =>
      ((await mia.get<Listed>("/api/notifications?limit=30")).body as Listed).notifications.filter(
        (n) => n.kind === "mention" && n.referentialId === id,
      );
    await waitFor(
      async () => (await mentions()).some((n) => n.excerpt.includes("Seconde")),
      "the second mention",
    );
    // Exactly one each: neither lost nor notified again by the process the update was relayed to.
    const excerpts = (await mentions()).map((n) => n.excerpt.split(" ")[0]).sort();
    expect(excerpts).toEqual(["Première", "Seconde"]);
  });

  it("keeps everything when one process dies: the other serves the whole document", async () => {
    const id = await owner.createReferential({ title: "Survie" });
    const onA = connect(a, id);
    const onB = connect(b, id);
    await Promise.all([onA.synced, onB.synced]);
    for (let i = 0; i < 20; i++) addNode(onA.doc, { kind: "bloc", title: `Bloc ${i}` }, { parent: null });
    await waitFor(() => json(onB.doc) === json(onA.doc), "B's client to have A's edits");
    const expected = json(onA.doc);
    await a.kill();
    const late = connect(b, id);
    await late.synced;
    expect(json(late.doc)).toBe(expected);
  });
});
