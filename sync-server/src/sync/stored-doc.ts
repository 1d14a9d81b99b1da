import { type DocMigration, migrate } from "@refstudio/schema";
import * as Y from "yjs";
import type { Logger } from "../logger.ts";
import type { DocStore, StoredDoc } from "../store/types.ts";

/** A document as loaded: migrated, with what the store's log holds since its last snapshot. */
export type LoadedDoc = { doc: Y.Doc; lastSeq: number; pending: number };

/** Loads snapshot + later updates, runs the migrations and appends what they changed to the log. */
export async function loadMigratedDoc(
  id: string,
  docs: DocStore,
  log: Logger,
  migrations: readonly DocMigration[],
): Promise<LoadedDoc> {
  const stored = await docs.load(id);
  const doc = docFromStored(id, stored, log);
  const changes: Uint8Array[] = [];
  const collect = (update: Uint8Array) => changes.push(update);
  doc.on("update", collect);
  const { from, to } = migrate(doc, migrations);
  doc.off("update", collect);
  let lastSeq = stored.lastSeq;
  for (const update of changes) lastSeq = await docs.append(id, update);
  if (from !== to) log.info({ doc: id, from, to }, "document migrated");
  return { doc, lastSeq, pending: stored.updates.length + changes.length };
}

/**
 * A document from its stored snapshot and updates, applied one by one in one transaction (about
 * twice as fast as merging them first); one bad stored update must not make it unreadable.
 */
export function docFromStored(id: string, stored: StoredDoc, log: Logger): Y.Doc {
  const doc = new Y.Doc();
  const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
  doc.transact(() => {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch (error) {
        log.error({ err: error, doc: id }, "skipped a stored update that does not apply");
      }
    }
  });
  return doc;
}
