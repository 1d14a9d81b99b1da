import { addNode, canonicalSnapshot, nodesMap } from "@refstudio/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { metric } from "../helpers/metrics.ts";
import { OwnRedis } from "../helpers/redis-server.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { isolatedSchema, postgresUrl } from "../helpers/services.ts";
import { type CloseInfo, connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * Scale-out that heals: two processes share one PostgreSQL and a Redis of the test's own, which
 * the test kills while people type on both processes and then starts again. The store is the
 * truth: every acknowledged edit must reach every replica and a cold load, with no refusal of an
 * honest client.
 *
 * Stated convergence time: once Redis is back (and, with Redis still down, through the periodic
 * reconciliation against the store), every replica holds every acknowledged edit within
 * CONVERGENCE_MS. The server reconciles every few seconds; the rest is margin for a loaded machine.
 */
const CONVERGENCE_MS = 30_000;

const pgUrl = await postgresUrl();
const json = (doc: Y.Doc) => canonicalSnapshot(doc).json;
const titles = (doc: Y.Doc) =>
  new Set([...nodesMap(doc).values()].map((node) => String(node.get("title")?.toString() ?? "")));

describe.skipIf(pgUrl === null)("Redis outage during typing on two processes", () => {
  let redis: OwnRedis | null;
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let cold: ServerProcess | undefined;
  let owner: HttpClient;
  const clients: SyncClient[] = [];
  /** Every close a client saw (a 44xx would mean an honest client was refused). */
  const closes: CloseInfo[] = [];

  const connect = (server: ServerProcess, id: string, doc?: Y.Doc) => {
    const client = connectClient(server.url, id, owner.cookie, doc ? { doc } : {});
    client.provider.on("connection-close", (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    clients.push(client);
    return client;
  };

  const health = async (server: ServerProcess) =>
    (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; relay?: string };

  beforeAll(async () => {
    redis = await OwnRedis.start();
    if (!redis) return;
    schema = await isolatedSchema(pgUrl as string);
    const env = { DATABASE_URL: schema.url, REDIS_URL: redis.url(), SIGNUP: "open" };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    owner = new HttpClient(a.url);
    await owner.signUp(newAccount("Proprietaire"));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([a?.dispose(), b?.dispose(), cold?.dispose()]);
    await schema?.drop();
    await redis?.dispose();
  });

  it("every acknowledged edit reaches every replica and a cold load; versions agree; no 4409", async (context) => {
    if (!redis) return context.skip();
    const id = await owner.createReferential({ title: "Panne du relais" });
    const typistA = connect(a, id);
    const typistB = connect(b, id);
    const watchA = connect(a, id);
    const watchB = connect(b, id);
    await Promise.all([typistA, typistB, watchA, watchB].map((client) => client.synced));

    const typed: string[] = [];
    /** Adds a bloc through `typist`; acknowledged once `watcher` (same process) has it: it was stored. */
    const type = async (typist: SyncClient, watcher: SyncClient, title: string) => {
      addNode(typist.doc, { kind: "bloc", title }, { parent: null });
      typed.push(title);
      await waitFor(() => titles(watcher.doc).has(title), `« ${title} » acknowledged`);
    };

    // A viewer on B whose membership is removed through A during the outage.
    const viewerHttp = new HttpClient(b.url);
    const viewerUser = await viewerHttp.signUp(newAccount("Observatrice"));
    await addMembers(owner, id, [[viewerHttp, "viewer"]]);
    const viewer = connectClient(b.url, id, viewerHttp.cookie);
    clients.push(viewer);
    await viewer.synced;
    let viewerClosedWith: number | undefined;
    void viewer.closed.then((close) => {
      viewerClosedWith = close.code;
    });

    await type(typistA, watchA, "Avant la panne");
    await waitFor(() => titles(watchB.doc).has("Avant la panne"), "the relay to work before the outage");

    await redis.interrupt();
    await waitFor(
      async () => (await health(a)).relay === "disconnected" && (await health(b)).relay === "disconnected",
      "both processes to report the relay down",
    );
    expect(await metric(a.url, "refstudio_relay_connected")).toBe(0);

    // Typing on both processes during the outage, and a client that moves from A to B (as a load
    // balancer may send a reconnecting browser anywhere) with edits B has not received.
    const nomadDoc = connect(a, id).doc;
    await clients.at(-1)!.synced;
    for (let i = 0; i < 5; i++) {
      await type(typistA, watchA, `A pendant la panne ${i}`);
      await type(typistB, watchB, `B pendant la panne ${i}`);
    }
    const nomad = clients.at(-1)!;
    await type(nomad, watchA, "Nomade sur A");
    nomad.provider.destroy();
    // On B, it types as soon as the socket opens, before the sync exchange: B receives an update
    // whose history (« Nomade sur A ») only A's process and the store have.
    const nomadOnB = connect(b, id, nomadDoc);
    await new Promise<void>((resolve) =>
      nomadOnB.provider.on("status", ({ status }: { status: string }) => {
        if (status !== "connected") return;
        addNode(nomadDoc, { kind: "bloc", title: "Nomade sur B" }, { parent: null });
        resolve();
      }),
    );
    typed.push("Nomade sur B");
    await waitFor(() => titles(watchB.doc).has("Nomade sur B"), "« Nomade sur B » acknowledged");

    // Versions named at the same moment on both processes, Redis still down: the same document.
    const onB = new HttpClient(b.url);
    onB.cookie = owner.cookie;
    const [versionA, versionB] = await Promise.all([
      owner.post<{ sha256: string }>(`/api/referentials/${id}/versions`, { name: "Sur A" }),
      onB.post<{ sha256: string }>(`/api/referentials/${id}/versions`, { name: "Sur B" }),
    ]);
    expect(versionA.status).toBe(201);
    expect(versionB.status).toBe(201);
    expect(versionA.body.sha256).toBe(versionB.body.sha256);

    expect((await owner.delete(`/api/referentials/${id}/members/${viewerUser.id}`)).status).toBe(204);

    await redis.resume();
    await waitFor(
      async () => (await health(a)).relay === "connected" && (await health(b)).relay === "connected",
      "both processes to report the relay back",
      20_000,
    );
    for (let i = 0; i < 5; i++) {
      await type(typistA, watchA, `A après la panne ${i}`);
      await type(typistB, watchB, `B après la panne ${i}`);
    }

    const replicas = [typistA, typistB, watchA, watchB, nomadOnB];
    const complete = (client: SyncClient) => typed.every((title) => titles(client.doc).has(title));
    await waitFor(
      () => replicas.every(complete) && replicas.every((c) => json(c.doc) === json(typistA.doc)),
      "every replica to hold every acknowledged edit",
      CONVERGENCE_MS,
    );

    // The removal published while Redis was down is found in the store once it is back.
    await waitFor(() => viewerClosedWith !== undefined, "B to close the removed viewer", 20_000);
    expect(viewerClosedWith).toBe(4401);

    // A cold load from the store alone: a third process that never saw any of it.
    cold = await startServer({ DATABASE_URL: schema.url, SIGNUP: "open" });
    const late = connectClient(cold.url, id, owner.cookie);
    clients.push(late);
    await late.synced;
    expect(json(late.doc)).toBe(json(typistA.doc));

    expect(closes.filter((close) => close.code >= 4400 && close.code < 4500)).toEqual([]);
    expect(await metric(a.url, "refstudio_relay_catchups_total")).toBeGreaterThan(0);
    expect(await metric(b.url, "refstudio_relay_catchups_total")).toBeGreaterThan(0);
    // One line when the relay is lost and one when it is back, not one per update.
    for (const server of [a, b]) {
      const events = server.events().map((event) => event.event);
      expect(events.filter((event) => event === "relay-lost")).toHaveLength(1);
      expect(events.filter((event) => event === "relay-restored")).toHaveLength(1);
      expect(server.logs.filter((line) => line.includes("publish failed"))).toEqual([]);
    }
  });
});

describe.skipIf(pgUrl === null)("a single relayed message lost", () => {
  let redis: OwnRedis | null;
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let owner: HttpClient;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    // Each process has a Redis account of its own, so that the test can refuse PUBLISH to A alone.
    redis = await OwnRedis.start({ users: ["process-a", "process-b"] });
    if (!redis) return;
    schema = await isolatedSchema(pgUrl as string);
    const env = (user: string) => ({ DATABASE_URL: schema.url, REDIS_URL: redis!.url(user), SIGNUP: "open" });
    [a, b] = await Promise.all([startServer(env("process-a")), startServer(env("process-b"))]);
    owner = new HttpClient(a.url);
    await owner.signUp(newAccount("Proprietaire"));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([a?.dispose(), b?.dispose()]);
    await schema?.drop();
    await redis?.dispose();
  });

  /** One edit on A that A stores but cannot publish: B's process never hears of it through Redis. */
  async function dropOne(onA: SyncClient, watchA: SyncClient, title: string): Promise<void> {
    const failures = await metric(a.url, "refstudio_relay_publish_failures_total");
    redis!.command("ACL", "SETUSER", "process-a", "-publish");
    addNode(onA.doc, { kind: "bloc", title }, { parent: null });
    await waitFor(() => titles(watchA.doc).has(title), `« ${title} » acknowledged on A`);
    await waitFor(
      async () => (await metric(a.url, "refstudio_relay_publish_failures_total")) > failures,
      "A's publish to fail",
    );
    redis!.command("ACL", "SETUSER", "process-a", "+publish");
  }

  async function opened(title: string) {
    const id = await owner.createReferential({ title });
    const pair = [a, a, b].map((server) => {
      const client = connectClient(server.url, id, owner.cookie);
      clients.push(client);
      return client;
    });
    await Promise.all(pair.map((client) => client.synced));
    return pair as [SyncClient, SyncClient, SyncClient];
  }

  it("is read from the store when the next message shows the gap", async (context) => {
    if (!redis) return context.skip();
    const [onA, watchA, onB] = await opened("Message perdu puis suivant");
    await dropOne(onA, watchA, "Perdu en route");
    addNode(onA.doc, { kind: "bloc", title: "Le suivant" }, { parent: null });
    await waitFor(
      () => titles(onB.doc).has("Perdu en route") && titles(onB.doc).has("Le suivant"),
      "B to have the lost update and the next one",
      CONVERGENCE_MS,
    );
    expect(json(onB.doc)).toBe(json(onA.doc));
  });

  it("is read from the store by the periodic reconciliation when it was the last one", async (context) => {
    if (!redis) return context.skip();
    const [onA, watchA, onB] = await opened("Dernier message perdu");
    await dropOne(onA, watchA, "Dernier, perdu");
    await waitFor(
      () => titles(onB.doc).has("Dernier, perdu"),
      "B to reconcile with the store",
      CONVERGENCE_MS,
    );
    expect(json(onB.doc)).toBe(json(onA.doc));
    expect(await metric(b.url, "refstudio_relay_catchups_total")).toBeGreaterThan(0);
  });
});
