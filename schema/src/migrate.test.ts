import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createReferential } from "./commands.ts";
import { metaMap } from "./layout.ts";
import { migrate } from "./migrate.ts";
import { SCHEMA_VERSION } from "./model.ts";
import { toReferential } from "./projection.ts";

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
});
