import type * as Y from "yjs";
import { metaMap } from "./layout.ts";
import { SCHEMA_VERSION } from "./model.ts";

/** Migrations indexed by the version they upgrade from. Version 1 is the first: none yet. */
const MIGRATIONS: Record<number, (doc: Y.Doc) => void> = {};

/**
 * Upgrades a stored document to the current schema version, in one transaction. Run by the
 * server when it loads a document. Throws on a document newer than this code.
 */
export function migrate(doc: Y.Doc): { from: number; to: number } {
  const meta = metaMap(doc);
  const from = meta.get("schemaVersion");
  if (typeof from !== "number" || !Number.isInteger(from) || from < 1) {
    throw new Error("Document sans version de schéma : ce n'est pas un référentiel");
  }
  if (from > SCHEMA_VERSION) {
    throw new Error(`Document en version ${from}, plus récente que ce serveur (${SCHEMA_VERSION})`);
  }
  if (from < SCHEMA_VERSION) {
    doc.transact(() => {
      for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v]?.(doc);
      meta.set("schemaVersion", SCHEMA_VERSION);
    }, "refstudio:migration");
  }
  return { from, to: SCHEMA_VERSION };
}
