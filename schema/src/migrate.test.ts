import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, setMeta, updateNode } from "./commands.ts";
import { metaMap, NODE_KEYS, nodesMap } from "./layout.ts";
import { migrate } from "./migrate.ts";
import { SCHEMA_VERSION } from "./model.ts";
import { readNode, toReferential } from "./projection.ts";
import { plainToRich } from "./richtext.ts";

describe("migrate", () => {
  it("leaves a document of the current version unchanged", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "T" });
    const before = Y.encodeStateAsUpdate(doc);
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    expect(migrate(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
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
    metaMap(doc).set("schemaVersion", SCHEMA_VERSION + 1);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => migrate(doc)).toThrow(
      `Document en version ${SCHEMA_VERSION + 1}, plus récente que ce serveur (${SCHEMA_VERSION})`,
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
    expect(migrate(doc)).toEqual({ from: 1, to: SCHEMA_VERSION });
    updateNode(doc, bloc, { prerequisEntree: "Niveau 5" });
    setMeta(doc, { reglementationsActivites: plainToRich("RGPD") });
    expect(readNode(doc, bloc)).toMatchObject({ prerequis: "Bac", prerequisEntree: "Niveau 5" });
    expect(toReferential(doc).meta.reglementationsActivites).toEqual(plainToRich("RGPD"));
    expect(metaMap(doc).get("schemaVersion")).toBe(SCHEMA_VERSION);
  });
});
