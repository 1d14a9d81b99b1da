import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, pinCode, setMeta, updateNode } from "./commands.ts";
import { metaMap, NODE_KEYS, nodesMap } from "./layout.ts";
import { DOC_SCHEMA_VERSION, type DocMigration, migrate } from "./migrate.ts";
import type { Renewal } from "./model.ts";
import { readNode, toReferential } from "./projection.ts";
import { plainToRich } from "./richtext.ts";

/** The loop's own tests use tables of their own. A version 2: a modality without a grouping becomes individual (the usual case). */
const individualByDefault: DocMigration = {
  from: 1,
  name: "modalities individual by default",
  up: (doc) => {
    for (const node of nodesMap(doc).values()) {
      if (node.get(NODE_KEYS.kind) === "modality" && node.get(NODE_KEYS.grouping) === null) {
        node.set(NODE_KEYS.grouping, "individual");
      }
    }
  },
};
/** Version 3: pinned codes in upper case. */
const upperCaseCodes: DocMigration = {
  from: 2,
  name: "pinned codes in upper case",
  up: (doc) => {
    for (const node of nodesMap(doc).values()) {
      const code = node.get(NODE_KEYS.code);
      if (typeof code === "string" && code !== code.toUpperCase())
        node.set(NODE_KEYS.code, code.toUpperCase());
    }
  },
};

function versionOneDoc(): { doc: Y.Doc; modality: string; bloc: string } {
  const doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  const bloc = addNode(doc, { kind: "bloc", title: "B" }, { parent: null });
  pinCode(doc, bloc, "bc01");
  const modality = addNode(doc, { kind: "modality", title: "Dossier" }, { parent: bloc });
  metaMap(doc).set("schemaVersion", 1);
  return { doc, modality, bloc };
}

describe("migrate", () => {
  it("upgrades a version 1 document with a table's migration, in one transaction", () => {
    const { doc, modality } = versionOneDoc();
    const origins: unknown[] = [];
    doc.on("afterTransaction", (tr: Y.Transaction) => origins.push(tr.origin));
    expect(migrate(doc, [individualByDefault])).toEqual({ from: 1, to: 2 });
    expect(origins).toEqual(["refstudio:migration"]);
    expect(metaMap(doc).get("schemaVersion")).toBe(2);
    expect(nodesMap(doc).get(modality)?.get(NODE_KEYS.grouping)).toBe("individual");
    // Done once: a second load changes nothing.
    expect(migrate(doc, [individualByDefault])).toEqual({ from: 2, to: 2 });
    expect(origins).toHaveLength(1);
  });

  it("runs only the later migrations, in order", () => {
    const { doc, modality, bloc } = versionOneDoc();
    const ran: string[] = [];
    const tracked = (m: DocMigration): DocMigration => ({
      ...m,
      up: (d) => {
        ran.push(m.name);
        m.up(d);
      },
    });
    expect(migrate(doc, [tracked(individualByDefault), tracked(upperCaseCodes)])).toEqual({ from: 1, to: 3 });
    expect(ran).toEqual([individualByDefault.name, upperCaseCodes.name]);
    expect(nodesMap(doc).get(bloc)?.get(NODE_KEYS.code)).toBe("BC01");

    const second = versionOneDoc();
    migrate(second.doc, [individualByDefault]);
    ran.length = 0;
    nodesMap(second.doc).get(second.modality)?.set(NODE_KEYS.grouping, null);
    expect(migrate(second.doc, [tracked(individualByDefault), tracked(upperCaseCodes)])).toEqual({
      from: 2,
      to: 3,
    });
    expect(ran).toEqual([upperCaseCodes.name]);
    expect(nodesMap(second.doc).get(second.modality)?.get(NODE_KEYS.grouping)).toBeNull();
    expect(nodesMap(doc).get(modality)?.get(NODE_KEYS.grouping)).toBe("individual");
  });

  it("refuses a table whose migrations are out of order", () => {
    const { doc } = versionOneDoc();
    expect(() => migrate(doc, [upperCaseCodes])).toThrow(/hors de son rang/);
    expect(metaMap(doc).get("schemaVersion")).toBe(1);
  });

  it("leaves a document of the current version unchanged", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "T" });
    const before = Y.encodeStateAsUpdate(doc);
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    expect(migrate(doc)).toEqual({ from: DOC_SCHEMA_VERSION, to: DOC_SCHEMA_VERSION });
    expect(transactions).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(toReferential(doc).meta.title).toBe("T");
  });

  it("refuses a document without a schema version", () => {
    expect(() => migrate(new Y.Doc())).toThrow(/sans version de schéma/);
    for (const version of ["1", 0, -1, 1.5, null]) {
      const doc = new Y.Doc();
      metaMap(doc).set("schemaVersion", version);
      expect(() => migrate(doc), String(version)).toThrow(/sans version de schéma/);
    }
  });

  it("refuses a document newer than this code, saying both versions, and leaves it untouched", () => {
    const doc = new Y.Doc();
    createReferential(doc);
    metaMap(doc).set("schemaVersion", DOC_SCHEMA_VERSION + 1);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => migrate(doc)).toThrow(
      `Document en version ${DOC_SCHEMA_VERSION + 1}, plus récente que ce serveur (${DOC_SCHEMA_VERSION})`,
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("upgrades a version 1 document: the fiche's new texts and each bloc's entry prerequisites", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "T" });
    const bloc = addNode(doc, { kind: "bloc", title: "B", prerequis: "Bac" }, { parent: null });
    // What a version 1 document lacks.
    doc.transact(() => {
      metaMap(doc).delete("reglementationsActivites");
      metaMap(doc).delete("prerequisEntreeFormation");
      nodesMap(doc).get(bloc)?.delete(NODE_KEYS.prerequisEntree);
      metaMap(doc).set("schemaVersion", 1);
    });
    expect(() => updateNode(doc, bloc, { prerequisEntree: "x" })).toThrow();
    expect(migrate(doc)).toEqual({ from: 1, to: DOC_SCHEMA_VERSION });
    updateNode(doc, bloc, { prerequisEntree: "Niveau 5" });
    setMeta(doc, { reglementationsActivites: plainToRich("RGPD") });
    expect(readNode(doc, bloc)).toMatchObject({ prerequis: "Bac", prerequisEntree: "Niveau 5" });
    expect(toReferential(doc).meta.reglementationsActivites).toEqual(plainToRich("RGPD"));
    expect(metaMap(doc).get("schemaVersion")).toBe(DOC_SCHEMA_VERSION);
  });

  it("upgrades a version 2 document: the correspondence table, one plain value, becomes one Y.Map per row", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "T" });
    const renewal: Renewal = {
      previous: { rncpCode: "RNCP31114", title: "Ancien" },
      rows: [
        {
          id: "r1",
          old: [{ code: "BC01", title: "A" }],
          new: [],
          coverage: "total",
          comment: "",
          confirmed: true,
        },
        {
          id: "r2",
          old: [{ code: "BC02", title: "B" }],
          new: [],
          coverage: "partial",
          comment: "x",
          confirmed: false,
        },
      ],
    };
    // How version 2 stored it.
    doc.transact(() => {
      metaMap(doc).set("renewal", renewal);
      metaMap(doc).set("schemaVersion", 2);
    });
    expect(toReferential(doc).meta.renewal).toEqual(renewal);
    expect(migrate(doc)).toEqual({ from: 2, to: DOC_SCHEMA_VERSION });
    const stored = metaMap(doc).get("renewal");
    expect(stored).toBeInstanceOf(Y.Map);
    const rows = (stored as Y.Map<unknown>).get("rows") as Y.Array<unknown>;
    expect(rows.toArray().every((row) => row instanceof Y.Map)).toBe(true);
    expect(toReferential(doc).meta.renewal).toEqual(renewal);
    // A version 2 document without a table gains none.
    const plain = new Y.Doc();
    createReferential(plain, { title: "T" });
    metaMap(plain).set("schemaVersion", 2);
    migrate(plain);
    expect(metaMap(plain).has("renewal")).toBe(false);
  });
});
