import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addNode, canonicalSnapshot, createReferential, nodesMap, updateNode } from "@refstudio/schema";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Metrics } from "../metrics.ts";
import { openSqliteStores } from "../store/sqlite-stores.ts";
import type { Role, Stores } from "../store/types.ts";
import type { Peer } from "./peer.ts";
import { readClientMessage } from "./protocol.ts";
import type { Relay } from "./relay.ts";
import { Room } from "./room.ts";
import type { SharedFrame } from "./shared-frame.ts";

/**
 * Two rooms of one document over one store, as two processes sharing PostgreSQL: the store is the
 * truth, the relay between them a shortcut that loses messages here on purpose.
 */

const DOC = "doc";

class TestPeer implements Peer {
  readonly userName = "Personne de test";
  closed = false;
  closeCode: number | null = null;
  readonly replica = new Y.Doc();
  constructor(
    readonly userId: string,
    public role: Role = "editor",
    readonly sessionHash = "s",
  ) {}
  send(frame: Uint8Array): void {
    const message = readClientMessage(frame);
    if (message.type === "update" || message.type === "sync-step2")
      Y.applyUpdate(this.replica, message.update);
  }
  sendShared(frame: SharedFrame): void {
    this.send(frame.payload);
  }
  close(code: number): void {
    this.closed = true;
    this.closeCode = code;
  }
}

/** A relay from one room to another that drops the updates the test says. */
class LossyRelay implements Relay {
  target: Room | null = null;
  /** Seqs published so far, and whether each was delivered. */
  readonly published: { seq: number; delivered: boolean }[] = [];
  dropping = false;
  connected = true;
  publishUpdate(_docId: string, seq: number, update: Uint8Array): void {
    this.published.push({ seq, delivered: !this.dropping });
    if (!this.dropping) queueMicrotask(() => this.target?.applyRemote(seq, update));
  }
  publishAwareness(): void {}
  async subscribe(): Promise<void> {}
  async unsubscribe(): Promise<void> {}
  publishControl(): void {}
  onControl(): void {}
  onRestored(): void {}
  async close(): Promise<void> {}
}

const until = async (condition: () => boolean, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const titles = (doc: Y.Doc) => [...nodesMap(doc).values()].map((node) => String(node.get("title") ?? ""));

let dir: string;
let stores: Stores;

afterEach(async () => {
  await stores?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function twoProcesses() {
  dir = mkdtempSync(join(tmpdir(), "refstudio-catch-up-"));
  stores = openSqliteStores(dir);
  const seed = new Y.Doc();
  createReferential(seed, { title: "Deux processus" });
  await stores.docs.append(DOC, Y.encodeStateAsUpdate(seed));
  const relays = { aToB: new LossyRelay(), bToA: new LossyRelay() };
  const deps = (relay: Relay) => ({
    docs: stores.docs,
    metrics: new Metrics(),
    log: pino({ level: "silent" }),
    compactAfter: 1000,
    relay,
  });
  const a = await Room.load(DOC, deps(relays.aToB));
  const b = await Room.load(DOC, deps(relays.bToA));
  relays.aToB.target = b;
  relays.bToA.target = a;
  return { a, b, relays };
}

/** A client of `room`: its replica in step with the room, and its edits sent to it. */
function client(room: Room, userId: string) {
  const peer = new TestPeer(userId);
  room.join(peer);
  Y.applyUpdate(peer.replica, Y.encodeStateAsUpdate(room.doc));
  const edit = (change: (doc: Y.Doc) => void) => {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array, origin: unknown) => origin !== "server" && updates.push(update);
    peer.replica.on("update", collect);
    change(peer.replica);
    peer.replica.off("update", collect);
    room.receive(peer, { type: "update", update: Y.mergeUpdates(updates) });
  };
  return { peer, edit };
}

describe("catching up from the store", () => {
  it("judges a client's update after reading the history another process stored, instead of refusing it", async () => {
    const { a, b, relays } = await twoProcesses();
    relays.aToB.dropping = true;
    const writer = client(a, "u1");
    let bloc = "";
    writer.edit((doc) => {
      bloc = addNode(doc, { kind: "bloc", title: "Écrit sur A" }, { parent: null });
    });
    await until(() => relays.aToB.published.length === 1, "A to store the bloc");
    expect(titles(b.doc)).not.toContain("Écrit sur A");

    // The same client, now on B (a reconnection sent elsewhere), edits the bloc B never received.
    const watcher = client(b, "u2");
    const moved = client(b, "u1");
    Y.applyUpdate(moved.peer.replica, Y.encodeStateAsUpdate(writer.peer.replica));
    moved.edit((doc) => updateNode(doc, bloc, { title: "Renommé sur B" }));
    await until(() => titles(b.doc).includes("Renommé sur B"), "B to accept the update");
    expect(moved.peer.closed).toBe(false);
    expect(titles(watcher.peer.replica)).toContain("Renommé sur B");
    expect(canonicalSnapshot(watcher.peer.replica).json).toBe(canonicalSnapshot(b.doc).json);
  });

  it("reads a relayed message that was lost once a later one shows the gap", async () => {
    const { a, b, relays } = await twoProcesses();
    const writer = client(a, "u1");
    const watcher = client(b, "u2");
    relays.aToB.dropping = true;
    writer.edit((doc) => addNode(doc, { kind: "bloc", title: "Perdu" }, { parent: null }));
    await until(() => relays.aToB.published.length === 1, "the lost publish");
    relays.aToB.dropping = false;
    writer.edit((doc) => addNode(doc, { kind: "bloc", title: "Suivant" }, { parent: null }));
    await until(
      () =>
        titles(watcher.peer.replica).includes("Perdu") && titles(watcher.peer.replica).includes("Suivant"),
      "B's client to receive the lost update",
    );
    expect(canonicalSnapshot(b.doc).json).toBe(canonicalSnapshot(a.doc).json);
  });

  it("names a version from what the store holds, not from a process that is behind", async () => {
    const { a, b, relays } = await twoProcesses();
    relays.aToB.dropping = true;
    client(a, "u1").edit((doc) => addNode(doc, { kind: "bloc", title: "Seulement sur A" }, { parent: null }));
    await until(() => relays.aToB.published.length === 1, "A to store the bloc");
    const fromB = await b.caughtUp((doc) => canonicalSnapshot(doc).sha256);
    expect(fromB).toBe(canonicalSnapshot(a.doc).sha256);
    expect(titles(b.doc)).toContain("Seulement sur A");
  });

  it("reads what the store has beyond the room when asked (reconciliation, relay back)", async () => {
    const { a, b, relays } = await twoProcesses();
    relays.aToB.dropping = true;
    client(a, "u1").edit((doc) => addNode(doc, { kind: "bloc", title: "Dernier" }, { parent: null }));
    await until(() => relays.aToB.published.length === 1, "A to store the bloc");
    const head = (await stores.docs.lastSeqs([DOC])).get(DOC)!;
    expect(b.isBehind(head)).toBe(true);
    expect(a.isBehind(head)).toBe(false);
    await b.catchUpFromStore("reconcile");
    expect(b.isBehind(head)).toBe(false);
    expect(titles(b.doc)).toContain("Dernier");
  });
});
