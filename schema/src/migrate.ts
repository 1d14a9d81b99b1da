import * as Y from "yjs";
import { META_KEYS, metaMap, NODE_KEYS, nodeKind, nodesMap } from "./layout.ts";
import { META_RICH_FIELDS, Renewal } from "./model.ts";
import { writeRenewal } from "./renewal.ts";

/** One step of the document's schema: upgrades a document of version `from` to `from + 1`. */
export type DocMigration = { from: number; name: string; up: (doc: Y.Doc) => void };

/**
 * The migrations of this code, in order: a document's schema version is the one after the last
 * (`DOC_SCHEMA_VERSION`). Data, so a test can load an older document with a table of its own.
 */
export const DOC_MIGRATIONS: readonly DocMigration[] = [
  {
    from: 1,
    name: "fragments for the fiche's new rich texts, and each bloc's entry prerequisites",
    up: (doc) => {
      const meta = metaMap(doc);
      for (const field of META_RICH_FIELDS) if (!meta.has(field)) meta.set(field, new Y.XmlFragment());
      for (const node of nodesMap(doc).values()) {
        if (nodeKind(node) === "bloc" && !node.has(NODE_KEYS.prerequisEntree))
          node.set(NODE_KEYS.prerequisEntree, new Y.Text());
      }
    },
  },
  {
    from: 2,
    name: "the correspondence table of a renewal as one Y.Map per row (it was one plain value)",
    up: (doc) => {
      const stored = metaMap(doc).get(META_KEYS.renewal);
      if (stored === undefined || stored instanceof Y.Map) return;
      const parsed = Renewal.safeParse(stored);
      // A table the model refuses (none ever was written unchecked) is dropped rather than kept unreadable.
      writeRenewal(doc, parsed.success ? parsed.data : null);
    },
  },
];

/** The schema version a table of migrations leads to. */
export function schemaVersionOf(migrations: readonly DocMigration[]): number {
  return migrations.length + 1;
}

/** The schema version of documents this code writes (the snapshot format has its own, `SCHEMA_VERSION`). */
export const DOC_SCHEMA_VERSION = schemaVersionOf(DOC_MIGRATIONS);

/**
 * Upgrades a stored document to the version `migrations` lead to, in one transaction. Run by the
 * server when it loads a document. Throws on a document newer than this code.
 */
export function migrate(
  doc: Y.Doc,
  migrations: readonly DocMigration[] = DOC_MIGRATIONS,
): { from: number; to: number } {
  migrations.forEach((migration, index) => {
    if (migration.from !== index + 1) throw new Error(`Migration « ${migration.name} » hors de son rang`);
  });
  const to = schemaVersionOf(migrations);
  const meta = metaMap(doc);
  const from = meta.get(META_KEYS.schemaVersion);
  if (typeof from !== "number" || !Number.isInteger(from) || from < 1) {
    throw new Error("Document sans version de schéma : ce n'est pas un référentiel");
  }
  if (from > to) throw new Error(`Document en version ${from}, plus récente que ce serveur (${to})`);
  if (from < to) {
    doc.transact(() => {
      for (const migration of migrations.slice(from - 1)) migration.up(doc);
      meta.set(META_KEYS.schemaVersion, to);
    }, "refstudio:migration");
  }
  return { from, to };
}
