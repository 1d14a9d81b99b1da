/**
 * Child process of memory.ts, started with --expose-gc: loads N copies of the large référentiel
 * (as rooms of our server, or as plain Y.Docs) and prints the heap they hold, per copy, as JSON.
 * Usage: node --expose-gc --import tsx memory-child.ts <room|plain> <dataDir> <copies>
 */
import * as Y from "yjs";
import { copyLargeDoc, LARGE_DOC_ID } from "./large-store.ts";
import { openInProcessServer } from "./server-package.ts";

const [mode = "", dataDir = "", copiesArg = "20"] = process.argv.slice(2);
const copies = Number(copiesArg);
const gc = globalThis.gc;
if (!gc) throw new Error("lancer avec --expose-gc");

/** Several full collections: one can leave garbage that finalizers release for the next. */
function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const server = await openInProcessServer(dataDir);
try {
  const ids = mode === "room" ? await copyLargeDoc(server.docs, copies + 1, "memory") : [];
  const stored = await server.docs.load(LARGE_DOC_ID);
  const state = Y.mergeUpdates([stored.snapshot!, ...stored.updates]);
  const load = async (i: number): Promise<unknown> => {
    if (mode === "room") return server.acquire(ids[i]!);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return doc;
  };
  // One load first: the code and caches it warms up are not the document's cost.
  await load(copies);
  const before = settledHeap();
  const held: unknown[] = [];
  for (let i = 0; i < copies; i++) held.push(await load(i));
  const after = settledHeap();
  process.stdout.write(`${JSON.stringify({ perCopy: (after - before) / held.length })}\n`);
} finally {
  await server.close();
}
