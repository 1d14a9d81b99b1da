import { addNode, createReferential } from "@refstudio/schema";
import { pino } from "pino";
import * as Y from "yjs";
import { Metrics } from "../metrics.ts";
import { MemoryDocStore } from "../store/memory-doc-store.ts";
import type { Role, UpdateAuthor, UpdateDigest } from "../store/types.ts";
import type { Peer } from "./peer.ts";
import { readClientMessage } from "./protocol.ts";
import { Room } from "./room.ts";
import type { SharedFrame } from "./shared-frame.ts";

/** Test helpers for rooms: a store and connections a test can observe, a seeded room. */

/** The in-memory store, with appends a test can hold back or fail, and the compactions it saw. */
export class ObservedDocStore extends MemoryDocStore {
  compactions: { upToSeq: number; snapshot: Uint8Array }[] = [];
  held: (() => void)[] = [];
  hold = false;
  failNext = false;

  override async append(id: string, update: Uint8Array, author?: UpdateAuthor): Promise<number> {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disque plein");
    }
    return super.append(id, update, author);
  }
  override async compact(
    id: string,
    snapshot: Uint8Array,
    upToSeq: number,
    digests?: UpdateDigest[],
  ): Promise<void> {
    await super.compact(id, snapshot, upToSeq, digests);
    this.compactions.push({ upToSeq, snapshot });
  }
  /** The updates stored since the last compaction. */
  async updates(): Promise<Uint8Array[]> {
    return (await this.load("r")).updates;
  }
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

/** A connection as the room sees it, recording what it was sent and how it was closed. */
export class FakePeer implements Peer {
  closed = false;
  closeCode: number | null = null;
  sent: Uint8Array[] = [];
  readonly userName: string;
  constructor(
    readonly userId: string,
    public role: Role,
    readonly sessionHash = "s",
  ) {
    this.userName = `Nom de ${userId}`;
  }
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  sendShared(frame: SharedFrame): void {
    this.send(frame.payload);
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

export const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

export async function seededRoom(store = new ObservedDocStore(), compactAfter = 1000) {
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
export function edit(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  change(doc);
  return Y.mergeUpdates(updates);
}
