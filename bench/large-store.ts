import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { buildLargeReferential } from "./large-referential.ts";
import { type DocStore, openInProcessServer } from "./server-package.ts";

/**
 * The large référentiel as our server stores it: its whole history appended update by update to
 * the SQLite DocStore, compacted into a snapshot every 500 updates (the server's default
 * COMPACT_AFTER) from a replica of the document, so the log ends as a snapshot plus a tail of
 * updates — what a room loads.
 */

export const LARGE_DOC_ID = "referentiel-large";
const COMPACT_AFTER = 500;

export type LargeStore = {
  dataDir: string;
  /** The document's final state, encoded (what a plain Yjs load is given). */
  state: Uint8Array;
  /** Updates in the history, and how many are left after the last snapshot. */
  updates: number;
  tail: number;
  remove(): Promise<void>;
};

export async function writeLargeStore(): Promise<LargeStore> {
  const history: Uint8Array[] = [];
  buildLargeReferential({ onUpdate: (update) => history.push(update) });
  const dataDir = await mkdtemp(join(tmpdir(), "refstudio-bench-store-"));
  const remove = () => rm(dataDir, { recursive: true, force: true });
  try {
    const server = await openInProcessServer(dataDir);
    try {
      const replica = new Y.Doc();
      let pending = 0;
      for (const update of history) {
        Y.applyUpdate(replica, update);
        const seq = await server.docs.append(LARGE_DOC_ID, update);
        if (++pending < COMPACT_AFTER) continue;
        await server.docs.compact(LARGE_DOC_ID, Y.encodeStateAsUpdate(replica), seq);
        pending = 0;
      }
      return {
        dataDir,
        state: Y.encodeStateAsUpdate(replica),
        updates: history.length,
        tail: pending,
        remove,
      };
    } finally {
      await server.close();
    }
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * Copies the stored rows of the large référentiel (snapshot, then each update of the tail) under
 * new ids, so each measured load is the first load of its document.
 */
export async function copyLargeDoc(docs: DocStore, count: number, prefix: string): Promise<string[]> {
  const { snapshot, updates } = await docs.load(LARGE_DOC_ID);
  if (!snapshot) throw new Error("le grand référentiel n'a pas d'instantané dans le store");
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    await docs.compact(id, snapshot, await docs.append(id, snapshot));
    for (const update of updates) await docs.append(id, update);
    ids.push(id);
  }
  return ids;
}
