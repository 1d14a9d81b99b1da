import { addNode, canonicalSnapshot, nodesMap, updateNode } from "@refstudio/schema";
import * as encoding from "lib0/encoding";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { addMembers, type HttpClient, signedUpClient } from "../helpers/http-client.ts";
import { metric } from "../helpers/metrics.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { collabUrl, connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { waitFor } from "../helpers/wait.ts";

/** Malformed frames, oversized frames, floods and a fuzz run against the real server process. */

const MAX_MESSAGE_BYTES = 256 * 1024;

type Who = { http: HttpClient; id: string };

let server: ServerProcess;
let owner: Who;
let editor: Who;
let viewer: Who;
let referential: string;
let bloc: string;
const opened: { close(): void }[] = [];

const json = (doc: Y.Doc) => canonicalSnapshot(doc).json;

const account = (name: string): Promise<Who> => signedUpClient(server.url, name);

async function raw(who: Who): Promise<RawClient> {
  const client = await RawClient.open(server.url, referential, {
    cookie: who.http.cookie,
    origin: server.url,
  });
  opened.push(client);
  await client.synced;
  return client;
}

async function serverState(): Promise<string> {
  const check = await raw(owner);
  const state = json(check.doc);
  check.close();
  return state;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncFrame = (type: number, payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, payload);
  });

/** The server logged a refusal with the user, the document and the close code. */
function loggedRefusal(userId: string, code: number): boolean {
  return server.events().some((e) => e.user === userId && e.doc === referential && e.code === code);
}

beforeAll(async () => {
  server = await startServer({ SIGNUP: "open", MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
  owner = await account("Proprietaire");
  editor = await account("Editeur");
  viewer = await account("Observatrice");
  referential = await owner.http.createReferential({ title: "Entrées invalides" });
  await addMembers(owner.http, referential, [
    [editor.http, "editor"],
    [viewer.http, "viewer"],
  ]);
  const seed = await raw(owner);
  seed.sendEdit((doc) => {
    bloc = addNode(doc, { kind: "bloc", title: "Bloc" }, { parent: null });
    addNode(doc, { kind: "competency", title: "C", body: "Analyser le marché" }, { parent: bloc });
  });
  await waitFor(async () => (await serverState()).includes("Analyser le marché"), "the seed");
});

afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

afterAll(async () => {
  await server?.dispose();
});

describe("one bad frame closes its connection with a clear code", () => {
  const cases: [string, () => Uint8Array | string, number][] = [
    ["a text frame", () => "bonjour", 4400],
    ["an empty frame", () => new Uint8Array(), 4400],
    ["a truncated varint", () => new Uint8Array([0x80]), 4400],
    ["an unknown message type", () => new Uint8Array([42, 0]), 4400],
    ["an unknown sync message type", () => new Uint8Array([0, 7, 0]), 4400],
    ["an update that does not decode", () => syncFrame(2, new Uint8Array([5, 200, 1, 2, 3])), 4400],
    [
      "awareness that is not JSON",
      () =>
        frame((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(
            e,
            frame((a) => {
              encoding.writeVarUint(a, 1);
              encoding.writeVarUint(a, 1234);
              encoding.writeVarUint(a, 1);
              encoding.writeVarString(a, "{pas du json");
            }),
          );
        }),
      4400,
    ],
    ["a frame over MAX_MESSAGE_BYTES", () => syncFrame(2, new Uint8Array(MAX_MESSAGE_BYTES + 10)), 4413],
  ];
  for (const [name, make, code] of cases) {
    it(`${name} → ${code}`, async () => {
      const client = await raw(editor);
      client.send(make());
      const closed = await client.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason.length).toBeGreaterThan(0);
      await waitFor(() => loggedRefusal(editor.id, code), "the refusal to be logged with user and document");
    });
  }

  it("an update that depends on something the server never saw → 4409", async () => {
    const client = await raw(editor);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client.doc));
    const updates: Uint8Array[] = [];
    other.on("update", (u: Uint8Array) => updates.push(u));
    const hidden = addNode(other, { kind: "bloc", title: "Jamais envoyé" }, { parent: null });
    updateNode(other, hidden, { title: "Dépend du précédent" });
    client.sendUpdate(updates[1] as Uint8Array);
    expect((await client.closed).code).toBe(4409);
  });

  it("a flood of messages → 4429", async () => {
    const client = await raw(editor);
    for (let i = 0; i < 5_000 && client.isOpen; i++) client.send(new Uint8Array([3]));
    expect((await client.closed).code).toBe(4429);
  });
});

/** Deterministic random numbers (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid frames of every kind, built against the current document: the material mutations start from. */
function validFrames(doc: Y.Doc): Uint8Array[] {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  copy.on("update", (u: Uint8Array) => updates.push(u));
  addNode(copy, { kind: "bloc", title: "Fuzz" }, { parent: null });
  updateNode(copy, bloc, { title: "Bloc fuzzé", body: "Un paragraphe" });
  const awareness = new awarenessProtocol.Awareness(copy);
  awareness.setLocalState({ user: { name: "Fuzz" }, cursor: null });
  const frames = [
    frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, copy);
    }),
    ...updates.map((u) => syncFrame(2, u)),
    syncFrame(1, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc))),
    frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [copy.clientID]));
    }),
    new Uint8Array([3]),
  ];
  awareness.destroy();
  copy.destroy();
  return frames;
}

function mutate(base: Uint8Array, next: () => number): Uint8Array {
  const bytes = [...base];
  const pick = (n: number) => Math.floor(next() * n);
  switch (pick(6)) {
    case 0: // flip a few bytes
      for (let i = 0, n = 1 + pick(3); i < n && bytes.length > 0; i++) bytes[pick(bytes.length)] = pick(256);
      break;
    case 1: // truncate
      bytes.length = pick(bytes.length);
      break;
    case 2: // trailing garbage
      for (let i = 0, n = 1 + pick(8); i < n; i++) bytes.push(pick(256));
      break;
    case 3: // an endless varint somewhere
      bytes.splice(pick(bytes.length + 1), 0, ...Array(10).fill(0xff));
      break;
    case 4: // duplicate a slice
      {
        const from = pick(bytes.length + 1);
        bytes.splice(pick(bytes.length + 1), 0, ...bytes.slice(from, from + 1 + pick(16)));
      }
      break;
    default: // pure noise
      return Uint8Array.from({ length: pick(64) }, () => pick(256));
  }
  return Uint8Array.from(bytes);
}

/** Sends frames over successive connections of one member (a refused frame closes its connection). */
async function sendOverConnections(who: Who, frames: Uint8Array[], next: () => number) {
  let sent = 0;
  let connections = 0;
  const worker = async () => {
    while (sent < frames.length) {
      const socket = new WebSocket(`${collabUrl(server.url)}/${referential}`, {
        headers: { Cookie: who.http.cookie as string, Origin: server.url },
      });
      connections++;
      await new Promise<void>((resolve) => {
        socket.on("open", () => {
          while (sent < frames.length && socket.readyState === WebSocket.OPEN) {
            socket.send(frames[sent++] as Uint8Array);
            if (next() < 0.5) break;
          }
          setTimeout(() => socket.close(), 20);
        });
        socket.on("close", () => resolve());
        socket.on("error", () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { sent, connections };
}

describe("fuzz", () => {
  it("survives 1,200 random and mutated frames: server up, other clients syncing, stored data unchanged", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const watcherA: SyncClient = connectClient(server.url, referential, owner.http.cookie);
    const watcherB: SyncClient = connectClient(server.url, referential, editor.http.cookie);
    opened.push({ close: () => watcherA.destroy() }, { close: () => watcherB.destroy() });
    await Promise.all([watcherA.synced, watcherB.synced]);
    const before = await serverState();
    const refusedBefore = await metric(server.url, "refstudio_updates_refused_total");
    const acceptedBefore = await metric(server.url, "refstudio_updates_accepted_total");
    const material = validFrames(watcherA.doc);

    const frames = Array.from({ length: 1_200 }, () =>
      mutate(material[Math.floor(next() * material.length)] as Uint8Array, next),
    );
    // The viewer sends them: whatever still decodes is refused by role, so nothing may change.
    const { sent, connections } = await sendOverConnections(viewer, frames, next);
    expect(sent, `seed ${seed}`).toBe(frames.length);
    expect(connections).toBeGreaterThan(10);
    const refused = (await metric(server.url, "refstudio_updates_refused_total")) - refusedBefore;
    console.info(
      `fuzz seed ${seed}: ${frames.length} frames over ${connections} connections, ${refused} refused`,
    );
    expect(refused).toBeGreaterThan(connections / 2);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await serverState(), `seed ${seed}`).toBe(before);
    // Nothing was appended to the store (every append is counted as accepted).
    expect(await metric(server.url, "refstudio_updates_accepted_total")).toBe(acceptedBefore);
    expect(watcherA.provider.wsconnected && watcherB.provider.wsconnected).toBe(true);

    const added = addNode(watcherB.doc, { kind: "bloc", title: "Après le fuzz" }, { parent: null });
    await waitFor(() => nodesMap(watcherA.doc).has(added), "clients to keep syncing after the fuzz");
    expect(json(watcherA.doc)).toBe(json(watcherB.doc));
  });

  it("as an editor, mutated updates apply or are refused, and the stored document reloads identical", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000) + 1;
    const next = random(seed);
    const watcher = connectClient(server.url, referential, owner.http.cookie);
    opened.push({ close: () => watcher.destroy() });
    await watcher.synced;
    const material = validFrames(watcher.doc).filter((f) => f[0] === 0);
    const frames = Array.from({ length: 400 }, () =>
      mutate(material[Math.floor(next() * material.length)] as Uint8Array, next),
    );
    await sendOverConnections(editor, frames, next);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const live = await serverState();
    await waitFor(() => json(watcher.doc) === live, `the watcher to converge (seed ${seed})`);
    expect(
      server.events().filter((e) => Number(e.level) >= 50),
      `server errors (seed ${seed})`,
    ).toEqual([]);

    for (const client of opened.splice(0)) client.close();
    expect(await server.stop()).toBe(0);
    server = await server.restart();
    expect(await serverState(), `seed ${seed}`).toBe(live);
  });
});
