import * as Y from "yjs";
import { metaMap, NODE_KEYS, nodeKind, nodesMap } from "./layout.ts";
import { META_RICH_FIELDS, SCHEMA_VERSION } from "./model.ts";

/** Migrations indexed by the version they upgrade from. */
const MIGRATIONS: Record<number, (doc: Y.Doc) => void> = {
  /** 1 -> 2: fragments for the fiche's new rich texts, and each bloc's entry prerequisites. */
  1: (doc) => {
    const meta = metaMap(doc);
    for (const field of META_RICH_FIELDS) if (!meta.has(field)) meta.set(field, new Y.XmlFragment());
    for (const node of nodesMap(doc).values()) {
      if (nodeKind(node) === "bloc" && !node.has(NODE_KEYS.prerequisEntree))
        node.set(NODE_KEYS.prerequisEntree, new Y.Text());
    }
  },
};

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
