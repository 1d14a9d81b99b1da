import {
  addNode,
  canonicalSnapshot,
  createReferential,
  type DocMigration,
  metaMap,
  NODE_KEYS,
  nodesMap,
  updateNode,
} from "@refstudio/schema";
import * as decoding from "lib0/decoding";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Metrics } from "../metrics.ts";
import { MESSAGE_SYNC } from "./protocol.ts";
import { Room } from "./room.ts";
import { edit, FakePeer, ObservedDocStore, seededRoom, settle } from "./room-testing.ts";

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
    expect(await store.updates()).toHaveLength(2);
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
    expect(await store.updates()).toHaveLength(1);
    room.receive(editor, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Oui" })),
    });
    await settle();
    expect(await store.updates()).toHaveLength(2);
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
    expect(await store.updates()).toHaveLength(1);
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
    const { room, store, bloc } = await seededRoom(new ObservedDocStore(), 3);
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
    expect(last?.upToSeq).toBe((await store.load("r")).lastSeq);
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
    expect(await store.updates()).toHaveLength(3);
    const stored = await store.updates();
    expect(stored[1]).toEqual(first);
    const second = stored[2] as Uint8Array;
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
    await store.append("r", new Uint8Array([0, 9, 9, 9]));
    room.receive(a, {
      type: "update",
      update: edit(room, (doc) => updateNode(doc, bloc, { title: "Gardé" })),
    });
    await settle();
    expect(await store.updates()).toHaveLength(3);
    const reloaded = await Room.load("r", {
      docs: store,
      metrics: new Metrics(),
      log: pino({ level: "silent" }),
      compactAfter: 1000,
    });
    expect(JSON.stringify(reloaded.doc.toJSON())).toContain("Gardé");
    expect(nodesMap(reloaded.doc).size).toBe(1);
  });

  it("migrates an older document when it loads, stores the migration once, and syncs it to clients", async () => {
    const store = new ObservedDocStore();
    const seed = new Y.Doc();
    createReferential(seed, { title: "Version 1" });
    const modality = addNode(seed, { kind: "modality", title: "Dossier" }, { parent: null });
    metaMap(seed).set("schemaVersion", 1);
    await store.append("r", Y.encodeStateAsUpdate(seed));
    const toVersion2: DocMigration = {
      from: 1,
      name: "modalities individual by default",
      up: (doc) => {
        for (const node of nodesMap(doc).values()) {
          if (node.get(NODE_KEYS.grouping) === null) node.set(NODE_KEYS.grouping, "individual");
        }
      },
    };
    const load = () =>
      Room.load("r", {
        docs: store,
        metrics: new Metrics(),
        log: pino({ level: "silent" }),
        compactAfter: 1000,
        migrations: [toVersion2],
      });
    const room = await load();
    expect(metaMap(room.doc).get("schemaVersion")).toBe(2);
    expect(nodesMap(room.doc).get(modality)?.get(NODE_KEYS.grouping)).toBe("individual");
    expect(await store.updates()).toHaveLength(2);

    const peer = new FakePeer("a", "viewer");
    room.join(peer);
    room.receive(peer, { type: "sync-step1", stateVector: Y.encodeStateVector(seed) });
    for (const update of peer.updates()) Y.applyUpdate(seed, update);
    expect(metaMap(seed).get("schemaVersion")).toBe(2);
    await room.shutdown(1001, "fin");

    // Stored, so the next load finds version 2 and migrates nothing.
    const again = await load();
    expect(metaMap(again.doc).get("schemaVersion")).toBe(2);
    expect(nodesMap(again.doc).get(modality)?.get(NODE_KEYS.grouping)).toBe("individual");
    expect((await store.load("r")).lastSeq).toBe(2);
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
