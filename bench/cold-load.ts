import { nodesMap } from "@refstudio/schema";
import * as Y from "yjs";
import { copyLargeDoc, type LargeStore } from "./large-store.ts";
import { openInProcessServer } from "./server-package.ts";
import { median } from "./stats.ts";

/**
 * DESIGN §9 cold load: the time our server takes to load the large référentiel from its SQLite
 * store when a first client asks for it — `Rooms.acquire` of a document not in memory (snapshot
 * + the tail of updates into a Y.Doc, migrations, live validator). Each load reads its own copy
 * of the stored rows; median of 10 after 3 warm-up loads (SQLite pages cached, code compiled:
 * "cold" means "not in memory", not "not in the disk cache").
 * The reference is plain Yjs: `Y.applyUpdate` of the same state into a new Y.Doc.
 */

export type ColdLoadResult = { ours: number; plain: number };

const WARMUP = 3;
const RUNS = 10;

const docFrom = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
};

async function timeLoads(load: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    await load(i);
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

export async function measureColdLoad(store: LargeStore): Promise<ColdLoadResult> {
  const server = await openInProcessServer(store.dataDir);
  try {
    const ids = await copyLargeDoc(server.docs, WARMUP + RUNS, "cold");
    const expected = nodesMap(docFrom(store.state)).size;
    const ours = await timeLoads(async (i) => server.release(await server.acquire(ids[i]!)));
    // A load that lost part of the document would be fast for a bad reason.
    for (const id of ids) {
      const room = await server.acquire(id);
      server.release(room);
      if (nodesMap(room.doc).size !== expected) throw new Error(`${id} chargé sans tous ses éléments`);
    }
    const plain = await timeLoads(async () => docFrom(store.state));
    return { ours: median(ours), plain: median(plain) };
  } finally {
    await server.close();
  }
}
