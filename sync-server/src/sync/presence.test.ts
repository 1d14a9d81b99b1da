import { colorFor, PRESENCE_LIMITS, updateNode } from "@refstudio/schema";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { writeAwarenessEntries } from "./awareness-codec.ts";
import { MESSAGE_AWARENESS } from "./protocol.ts";
import type { Room } from "./room.ts";
import { edit, FakePeer, seededRoom, settle } from "./room-testing.ts";

/** One awareness frame's payload: `state` for `clientId` at `clock`. */
const presence = (clientId: number, clock: number, state: unknown) =>
  writeAwarenessEntries([{ clientId, clock, state }]);

/** The awareness frames a peer received, decoded into a client-side Awareness. */
function seenBy(peer: FakePeer): Map<number, Record<string, unknown>> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  for (const frame of peer.sent) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) continue;
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), "server");
  }
  const states = new Map(awareness.getStates());
  states.delete(awareness.clientID);
  awareness.destroy();
  return states as Map<number, Record<string, unknown>>;
}

async function roomWith(...users: [string, "owner" | "editor" | "reviewer" | "viewer"][]) {
  const { room, bloc } = await seededRoom();
  const peers = users.map(([id, role]) => new FakePeer(id, role));
  for (const peer of peers) room.join(peer);
  return { room, bloc, peers };
}

const statesOf = (room: Room) => room.presence.awareness.getStates();

describe("presence", () => {
  it("relays a valid state with the account's identity, and removes it when its connection leaves", async () => {
    const { room, peers } = await roomWith(["alice", "viewer"], ["bob", "viewer"]);
    const [alice, bob] = peers as [FakePeer, FakePeer];
    room.receive(alice, {
      type: "awareness",
      update: presence(7, 1, { user: { id: "alice", name: "Autre nom", color: "#000000" }, focus: null }),
    });
    const identity = { id: "alice", name: "Nom de alice", color: colorFor("alice") };
    expect(alice.closed).toBe(false);
    expect(statesOf(room).get(7)).toEqual({ user: identity, focus: null });
    expect(seenBy(bob).get(7)).toEqual({ user: identity, focus: null });
    // A state without `user` speaks for the account all the same.
    room.receive(alice, {
      type: "awareness",
      update: presence(7, 2, { focus: { nodeId: null, field: "title" } }),
    });
    expect(seenBy(bob).get(7)?.user).toEqual(identity);
    room.leave(alice);
    expect(statesOf(room).has(7)).toBe(false);
    expect(seenBy(bob).has(7)).toBe(false);
  });

  it("closes with 4400 a state whose name is not text, and nobody sees it", async () => {
    const { room, peers } = await roomWith(["mallory", "viewer"], ["alice", "editor"]);
    const [mallory, alice] = peers as [FakePeer, FakePeer];
    alice.sent = [];
    room.receive(mallory, {
      type: "awareness",
      update: presence(9, 1, { user: { id: "mallory", name: 42, color: "#123456" } }),
    });
    expect(mallory.closeCode).toBe(4400);
    expect(statesOf(room).size).toBe(0);
    expect(alice.sent).toHaveLength(0);
  });

  it("closes with 4400 unknown fields and presence that does not decode", async () => {
    for (const update of [
      presence(9, 1, { user: { id: "m", name: "M", color: "#123456" }, script: "x" }),
      presence(9, 1, "texte"),
      new Uint8Array([1, 9, 1, 3, 123, 34, 97]),
      new Uint8Array([1, 9, 1, 1, 0xff]),
    ]) {
      const { room, peers } = await roomWith(["m", "viewer"]);
      room.receive(peers[0] as FakePeer, { type: "awareness", update });
      expect((peers[0] as FakePeer).closeCode).toBe(4400);
      expect(statesOf(room).size).toBe(0);
    }
  });

  it("closes with 4403 a state that claims another member's identity", async () => {
    const { room, peers } = await roomWith(["mallory", "viewer"], ["alice", "editor"]);
    const [mallory, alice] = peers as [FakePeer, FakePeer];
    alice.sent = [];
    room.receive(mallory, {
      type: "awareness",
      update: presence(9, 1, { user: { id: "alice", name: "Nom de alice", color: colorFor("alice") } }),
    });
    expect(mallory.closeCode).toBe(4403);
    expect(alice.sent).toHaveLength(0);
  });

  it("closes with 4403 a connection that sets another member's client id, whose state stays", async () => {
    const { room, peers } = await roomWith(["alice", "editor"], ["mallory", "viewer"]);
    const [alice, mallory] = peers as [FakePeer, FakePeer];
    room.receive(alice, { type: "awareness", update: presence(5, 3, { focus: null }) });
    const before = statesOf(room).get(5);
    alice.sent = [];
    room.receive(mallory, { type: "awareness", update: presence(5, 10, { focus: null }) });
    expect(mallory.closeCode).toBe(4403);
    expect(statesOf(room).get(5)).toBe(before);
    room.receive(mallory, { type: "awareness", update: presence(5, 11, null) });
    expect(statesOf(room).get(5)).toBe(before);
    expect(alice.sent).toHaveLength(0);
  });

  it("refuses presence for a client id another member writes the document with", async () => {
    const { room, bloc, peers } = await roomWith(["alice", "editor"], ["mallory", "viewer"]);
    const [alice, mallory] = peers as [FakePeer, FakePeer];
    const update = edit(room, (doc) => {
      doc.clientID = 77;
      updateNode(doc, bloc, { title: "Alice" });
    });
    room.receive(alice, { type: "update", update });
    await settle();
    room.receive(mallory, { type: "awareness", update: presence(77, 1, { focus: null }) });
    expect(mallory.closeCode).toBe(4403);
    expect(statesOf(room).has(77)).toBe(false);
  });

  it("drops the states an honest client echoes back, whoever they are about", async () => {
    const { room, peers } = await roomWith(["alice", "editor"], ["bob", "viewer"]);
    const [alice, bob] = peers as [FakePeer, FakePeer];
    room.receive(alice, { type: "awareness", update: presence(5, 3, { focus: null }) });
    const aliceState = statesOf(room).get(5);
    alice.sent = [];
    // y-websocket's provider sends every change it applies, its peers' included, and a removal
    // with the same clock when it times a peer out: neither changes anything.
    room.receive(bob, {
      type: "awareness",
      update: writeAwarenessEntries([
        { clientId: 5, clock: 3, state: aliceState },
        { clientId: 6, clock: 1, state: { focus: null } },
      ]),
    });
    room.receive(bob, { type: "awareness", update: presence(5, 3, null) });
    expect(bob.closed).toBe(false);
    expect(statesOf(room).get(5)).toBe(aliceState);
    expect(seenBy(alice).get(6)?.user).toMatchObject({ id: "bob" });
  });

  it("closes with 4413 a state over the size cap, before anyone sees it", async () => {
    const { room, peers } = await roomWith(["m", "viewer"], ["alice", "editor"]);
    const [mallory, alice] = peers as [FakePeer, FakePeer];
    alice.sent = [];
    const field = "x".repeat(PRESENCE_LIMITS.stateBytes);
    room.receive(mallory, { type: "awareness", update: presence(9, 1, { focus: { nodeId: null, field } }) });
    expect(mallory.closeCode).toBe(4413);
    expect(alice.sent).toHaveLength(0);
  });

  it("closes with 4429 a connection that announces more client ids than it may", async () => {
    const { room, peers } = await roomWith(["m", "viewer"], ["alice", "editor"]);
    const [mallory, alice] = peers as [FakePeer, FakePeer];
    alice.sent = [];
    const many = Array.from({ length: 100_000 }, (_, i) => ({ clientId: 1000 + i, clock: 1, state: {} }));
    room.receive(mallory, { type: "awareness", update: writeAwarenessEntries(many) });
    expect(mallory.closeCode).toBe(4429);
    expect(statesOf(room).size).toBe(0);

    const { room: second, peers: others } = await roomWith(["m", "viewer"]);
    const limit = PRESENCE_LIMITS.clientsPerConnection;
    for (let i = 0; i <= limit; i++) {
      second.receive(others[0] as FakePeer, { type: "awareness", update: presence(100 + i, 1, {}) });
    }
    expect((others[0] as FakePeer).closeCode).toBe(4429);
    expect(statesOf(second).size).toBe(limit);
    expect(alice.sent).toHaveLength(0);
  });

  it("lets another connection of the same account take its client id over (a reconnection)", async () => {
    const { room, peers } = await roomWith(["alice", "editor"], ["alice", "editor"], ["bob", "viewer"]);
    const [first, second, bob] = peers as [FakePeer, FakePeer, FakePeer];
    room.receive(first, { type: "awareness", update: presence(5, 1, { focus: null }) });
    room.receive(second, {
      type: "awareness",
      update: presence(5, 2, { focus: { nodeId: null, field: "t" } }),
    });
    expect(second.closed).toBe(false);
    room.leave(first);
    expect(statesOf(room).get(5)?.focus).toEqual({ nodeId: null, field: "t" });
    expect(seenBy(bob).get(5)?.focus).toEqual({ nodeId: null, field: "t" });
  });
});
