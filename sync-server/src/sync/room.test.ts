import { addNode, canonicalSnapshot, createReferential, nodesMap, updateNode } from "@refstudio/schema";
import * as decoding from "lib0/decoding";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { Metrics } from "../metrics.ts";
import type { DocStore, LoggedUpdate, Role, StoredDoc, UpdateAuthor } from "../store/types.ts";
import type { Peer } from "./peer.ts";
import { MESSAGE_AWARENESS, MESSAGE_SYNC, readClientMessage } from "./protocol.ts";
import { Room } from "./room.ts";

/** An in-memory DocStore whose appends can be held back, to observe what happens before they commit. */
class FakeDocStore implements DocStore {
  snapshot: Uint8Array | null = null;
  updates: LoggedUpdate[] = [];
  seq = 0;
  compactions: { upToSeq: number; snapshot: Uint8Array }[] = [];
  held: (() => void)[] = [];
  hold = false;
  failNext = false;

  async load(): Promise<StoredDoc> {
    return { snapshot: this.snapshot, updates: this.updates.map((u) => u.update), lastSeq: this.seq };
  }
  async append(_id: string, update: Uint8Array, author?: UpdateAuthor): Promise<number> {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disque plein");
    }
    this.updates.push({ seq: ++this.seq, update, userId: author?.userId ?? null, at: author?.at ?? 0 });
    return this.seq;
  }
  async compact(_id: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.snapshot = snapshot;
    this.updates = this.updates.filter((u) => u.seq > upToSeq);
    this.compactions.push({ upToSeq, snapshot });
  }
  async pendingUpdates(): Promise<number> {
    return this.updates.length;
  }
  async log(): Promise<LoggedUpdate[]> {
    return this.updates;
  }
  async attributions() {
    return [];
  }
  async activity() {
    return [];
  }
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

class FakePeer implements Peer {
  closed = false;
  closeCode: number | null = null;
  sent: Uint8Array[] = [];
  constructor(
    readonly userId: string,
    public role: Role,
    readonly sessionHash = "s",
  ) {}
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  close(code: number): void {
    this.closed = true;
    this.closeCode = code;
  }
  /** Sync updates received (step 2 and updates), applied to a fresh replica. */
  updates(): Uint8Array[] {
    return this.sent
      .map((frame) => readClientMessage(frame))
      .flatMap((m) => (m.type === "update" || m.type === "sync-step2" ? [m.update] : []));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function seededRoom(store = new FakeDocStore(), compactAfter = 1000) {
  const seed = new Y.Doc();
  createReferential(seed, { title: "Salle" });
  const bloc = addNode(seed, { kind: "bloc", title: "Bloc" }, { parent: null });
  await store.append("r", Y.encodeStateAsUpdate(seed));
  const room = await Room.load("r", {
    docs: store,
    metrics: new Metrics(),
    log: pino({ level: "silent" }),
    compactAfter,
  });
  return { room, store, bloc };
}

/** A client replica of the room's document and the update an edit on it makes. */
function edit(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  change(doc);
  return Y.mergeUpdates(updates);
}

describe("Room", () => {
  it("stores an update before applying and broadcasting it", async () => {
    const { room, store, bloc } = await seededRoom();
    const a = new FakePeer("a", "editor");
    const b = new FakePeer("b", "viewer");
    room.join(a);
    room.join(b);
    b.sent = [];
    store.hold = true;
    room.receive(a, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Renommé" })),
    });
    await settle();
    expect(store.held).toHaveLength(1);
    expect(JSON.stringify(room.doc.toJSON())).not.toContain("Renommé");
    expect(b.updates()).toHaveLength(0);
    store.release();
    await settle();
    expect(store.updates).toHaveLength(2);
    expect(JSON.stringify(room.doc.toJSON())).toContain("Renommé");
    expect(b.updates()).toHaveLength(1);
    expect(a.updates()).toHaveLength(0);
  });

  it("handles one peer's updates in order even when the store is slow", async () => {
    const { room, store } = await seededRoom();
    const a = new FakePeer("a", "editor");
    room.join(a);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    replica.on("update", (u: Uint8Array) => updates.push(u));
    const added = addNode(replica, { kind: "bloc", title: "Nouveau" }, { parent: null });
    updateNode(replica, added, { title: "Nouveau puis renommé" });
    store.hold = true;
    for (const update of updates) room.receive(a, { type: "update", update });
    for (let i = 0; i < updates.length; i++) {
      await settle();
      store.release();
    }
    await settle();
    expect(a.closed).toBe(false);
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(replica));
  });

  it("refuses a forbidden update: connection closed, nothing stored, others unaffected", async () => {
    const { room, store, bloc } = await seededRoom();
    const viewer = new FakePeer("v", "viewer");
    const editor = new FakePeer("e", "editor");
    room.join(viewer);
    room.join(editor);
    room.receive(viewer, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Non" })),
    });
    await settle();
    expect(viewer.closeCode).toBe(4403);
    expect(store.updates).toHaveLength(1);
    room.receive(editor, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Oui" })),
    });
    await settle();
    expect(store.updates).toHaveLength(2);
    expect(editor.closed).toBe(false);
  });

  it("closes with 4400 an update that does not decode, with 4409 one it cannot resolve", async () => {
    const { room, store } = await seededRoom();
    const a = new FakePeer("a", "editor");
    room.join(a);
    room.receive(a, { type: "update", update: new Uint8Array([9, 9, 9]) });
    await settle();
    expect(a.closeCode).toBe(4400);

    const b = new FakePeer("b", "editor");
    room.join(b);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    replica.on("update", (u: Uint8Array) => updates.push(u));
    const added = addNode(replica, { kind: "bloc", title: "Jamais envoyé" }, { parent: null });
    updateNode(replica, added, { title: "Dépendant" });
    room.receive(b, { type: "update", update: updates[1] as Uint8Array });
    await settle();
    expect(b.closeCode).toBe(4409);
    expect(store.updates).toHaveLength(1);
  });

  it("when the store fails, drops the connection (1011) without applying the update", async () => {
    const { room, store, bloc } = await seededRoom();
    const a = new FakePeer("a", "editor");
    room.join(a);
    store.failNext = true;
    room.receive(a, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Perdu ?" })),
    });
    await settle();
    expect(a.closeCode).toBe(1011);
    expect(JSON.stringify(room.doc.toJSON())).not.toContain("Perdu ?");
  });

  it("refuses a member writing with a client id another member already writes with", async () => {
    const { room, bloc } = await seededRoom();
    const alice = new FakePeer("alice", "editor");
    const mallory = new FakePeer("mallory", "editor");
    room.join(alice);
    room.join(mallory);
    const withClient = (client: number, title: string) =>
      edit(room, (doc) => {
        doc.clientID = client;
        updateNode(doc, bloc, { title });
      });
    room.receive(alice, { type: "update", update: withClient(42, "Alice") });
    await settle();
    room.receive(mallory, { type: "update", update: withClient(42, "Mallory") });
    await settle();
    expect(mallory.closeCode).toBe(4403);
    room.receive(alice, { type: "update", update: withClient(42, "Alice encore") });
    await settle();
    expect(alice.closed).toBe(false);
    expect(JSON.stringify(room.doc.toJSON())).toContain("Alice encore");
  });

  it("judges each update with the peer's current role", async () => {
    const { room, bloc } = await seededRoom();
    const a = new FakePeer("a", "reviewer");
    room.join(a);
    a.role = "editor";
    room.receive(a, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Promu" })),
    });
    await settle();
    expect(a.closed).toBe(false);
    expect(JSON.stringify(room.doc.toJSON())).toContain("Promu");
  });

  it("compacts past the threshold, and a reload gives the same document", async () => {
    const { room, store, bloc } = await seededRoom(new FakeDocStore(), 3);
    const a = new FakePeer("a", "editor");
    room.join(a);
    for (let i = 0; i < 5; i++) {
      room.receive(a, {
        type: "update",
        update: edit(room, (doc) => updateNode(doc, bloc, { title: `T${i}` })),
      });
      await settle();
    }
    expect(store.compactions.length).toBeGreaterThan(0);
    await room.shutdown(1001, "fin");
    const last = store.compactions.at(-1);
    expect(last?.upToSeq).toBe(store.seq);
    const reloaded = await Room.load("r", {
      docs: store,
      metrics: new Metrics(),
      log: pino({ level: "silent" }),
      compactAfter: 3,
    });
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, last?.snapshot as Uint8Array);
    expect(canonicalSnapshot(reloaded.doc).json).toBe(canonicalSnapshot(fromSnapshot).json);
    expect(canonicalSnapshot(reloaded.doc).json).toContain("T4");
    expect(nodesMap(reloaded.doc).size).toBe(1);
    expect(reloaded.validator.report().errors).toBeGreaterThan(0);
  });

  it("stores and broadcasts only what the document lacks when an update repeats known changes", async () => {
    const { room, store, bloc } = await seededRoom();
    const a = new FakePeer("a", "editor");
    const b = new FakePeer("b", "viewer");
    room.join(a);
    room.join(b);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(replica);
    updateNode(replica, bloc, { title: "Premier" });
    const first = Y.encodeStateAsUpdate(replica, before);
    updateNode(replica, bloc, { title: "Second" });
    const both = Y.encodeStateAsUpdate(replica, before);
    b.sent = [];
    room.receive(a, { type: "update", update: first });
    room.receive(a, { type: "update", update: both });
    await settle();
    expect(a.closed).toBe(false);
    expect(store.updates).toHaveLength(3);
    expect(store.updates[1]!.update).toEqual(first);
    const second = store.updates[2]!.update;
    expect(second.length).toBeLessThan(both.length);
    expect(b.updates()).toEqual([first, second]);
    // The second stored update holds no struct the first one had.
    const firstClocks = Y.decodeUpdate(first).structs.map((struct) => struct.id.clock);
    for (const struct of Y.decodeUpdate(second).structs) expect(firstClocks).not.toContain(struct.id.clock);
    expect(JSON.stringify(room.doc.toJSON())).toContain("Second");
  });

  it("loads what it can when one stored update does not apply", async () => {
    const { room, store, bloc } = await seededRoom();
    const a = new FakePeer("a", "editor");
    room.join(a);
    room.receive(a, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Gardé" })),
    });
    await settle();
    expect(store.updates).toHaveLength(2);
    store.updates.splice(1, 0, { seq: 0, update: new Uint8Array([0, 9, 9, 9]), userId: null, at: 0 });
    const reloaded = await Room.load("r", {
      docs: store,
      metrics: new Metrics(),
      log: pino({ level: "silent" }),
      compactAfter: 1000,
    });
    expect(JSON.stringify(reloaded.doc.toJSON())).toContain("Gardé");
    expect(nodesMap(reloaded.doc).size).toBe(1);
  });

  it("forwards awareness and removes a peer's states when it leaves", async () => {
    const { room } = await seededRoom();
    const a = new FakePeer("a", "viewer");
    const b = new FakePeer("b", "viewer");
    room.join(a);
    room.join(b);
    const client = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(client);
    awareness.setLocalState({ user: { name: "A" } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [client.clientID]);
    b.sent = [];
    room.receive(a, { type: "awareness", update });
    expect(room.presence.awareness.getStates().get(client.clientID)).toEqual({ user: { name: "A" } });
    const types = (peer: FakePeer) => peer.sent.map((f) => decoding.readVarUint(decoding.createDecoder(f)));
    expect(types(b)).toEqual([MESSAGE_AWARENESS]);
    room.leave(a);
    expect(room.presence.awareness.getStates().has(client.clientID)).toBe(false);
    expect(types(b)).toEqual([MESSAGE_AWARENESS, MESSAGE_AWARENESS]);
    awareness.destroy();
  });

  it("answers sync step 1 with what the client lacks", async () => {
    const { room } = await seededRoom();
    const a = new FakePeer("a", "viewer");
    room.join(a);
    expect(decoding.readVarUint(decoding.createDecoder(a.sent[0] as Uint8Array))).toBe(MESSAGE_SYNC);
    room.receive(a, { type: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
    const replica = new Y.Doc();
    for (const update of a.updates()) Y.applyUpdate(replica, update);
    expect(canonicalSnapshot(replica).json).toBe(canonicalSnapshot(room.doc).json);
  });
});
