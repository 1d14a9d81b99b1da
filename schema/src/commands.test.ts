import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addNode,
  clearLinks,
  createReferential,
  deleteNode,
  moveNode,
  pinCode,
  setLink,
  setMeta,
  updateNode,
} from "./commands.ts";
import {
  addComment,
  deleteThread,
  editComment,
  reopenThread,
  replyToComment,
  resolveThread,
} from "./comments.ts";
import { LOCAL_ORIGIN, metaMap, nodeBody, requireNodeMap } from "./layout.ts";
import { DOC_SCHEMA_VERSION } from "./migrate.ts";
import { emptyMeta, type Meta, type NodeKind, Referential } from "./model.ts";
import { buildOutline } from "./outline.ts";
import { InvalidInputError } from "./parse.ts";
import { readMeta, readNode, readThreads, toReferential } from "./projection.ts";
import { plainToRich } from "./richtext.ts";
import { transactionsOf } from "./testing.ts";

function newDoc(init: Partial<Meta> = { title: "Chef de projet" }): Y.Doc {
  const doc = new Y.Doc();
  createReferential(doc, init);
  return doc;
}

/** Expects `fn` to throw `message` and to leave the document exactly as it was. */
function expectRefused(doc: Y.Doc, fn: () => unknown, message: RegExp): void {
  const before = Y.encodeStateVector(doc);
  const projection = toReferential(doc);
  expect(fn).toThrow(message);
  expect(Y.encodeStateVector(doc)).toEqual(before);
  expect(toReferential(doc)).toEqual(projection);
}

const childrenOf = (doc: Y.Doc, parent: string | null, kind: NodeKind) => {
  const outline = buildOutline(toReferential(doc));
  if (parent === null)
    return kind === "bloc" ? outline.blocs.map((b) => b.bloc.id) : outline.transversal.map((n) => n.id);
  const entry = outline.blocs.find((b) => b.bloc.id === parent);
  const lists = {
    activity: "activities",
    competency: "competencies",
    modality: "modalities",
    criterion: "criteria",
  } as const;
  return kind === "bloc" ? [] : (entry?.[lists[kind]] ?? []).map((n) => n.id);
};

/** A bloc with two activities, two competencies, a modality, a criterion, and a transversal modality. */
function sample() {
  const doc = newDoc();
  const bloc = addNode(doc, { kind: "bloc", title: "Piloter" }, { parent: null });
  const a1 = addNode(doc, { kind: "activity", title: "Veille" }, { parent: bloc });
  const a2 = addNode(doc, { kind: "activity", title: "Pilotage" }, { parent: bloc });
  const c1 = addNode(
    doc,
    { kind: "competency", body: "Analyser le marché", links: { activities: [a1] } },
    { parent: bloc },
  );
  const c2 = addNode(
    doc,
    { kind: "competency", body: "Piloter le projet", links: { activities: [a2] } },
    { parent: bloc },
  );
  const m = addNode(doc, { kind: "modality", title: "Cas", links: { covers: [c1, c2] } }, { parent: bloc });
  const cr = addNode(
    doc,
    { kind: "criterion", body: "Le marché est analysé", links: { evaluates: [c1] } },
    { parent: bloc },
  );
  const mt = addNode(doc, { kind: "modality", title: "Thèse", links: { covers: [c1] } }, { parent: null });
  return { doc, bloc, a1, a2, c1, c2, m, cr, mt };
}

describe("createReferential", () => {
  it("seeds the meta fields of the current schema version, in one transaction", () => {
    const doc = new Y.Doc();
    expect(transactionsOf(doc, () => createReferential(doc))).toEqual([LOCAL_ORIGIN]);
    expect(metaMap(doc).get("schemaVersion")).toBe(DOC_SCHEMA_VERSION);
    expect(readMeta(doc)).toEqual(emptyMeta());
    expect(Referential.parse(toReferential(doc))).toEqual(toReferential(doc));
  });

  it("applies the initial values, rich fields included", () => {
    const doc = newDoc({
      title: "Titre",
      level: "NIV6",
      rncpCode: "RNCP12345",
      typesEmplois: plainToRich("Chef"),
    });
    const meta = readMeta(doc);
    expect([meta.title, meta.level, meta.rncpCode]).toEqual(["Titre", "NIV6", "RNCP12345"]);
    expect(meta.typesEmplois).toEqual(plainToRich("Chef"));
  });

  it("refuses to seed a document twice and leaves it as it was", () => {
    const doc = newDoc({ title: "Premier" });
    expectRefused(doc, () => createReferential(doc, { title: "Second" }), /déjà un référentiel/);
    expect(readMeta(doc).title).toBe("Premier");
  });

  it("refuses bad initial values without seeding anything", () => {
    const doc = new Y.Doc();
    expect(() => createReferential(doc, { level: "NIV9" as Meta["level"] })).toThrow(/level/);
    expect(metaMap(doc).size).toBe(0);
    createReferential(doc, { level: "NIV5" });
    expect(readMeta(doc).level).toBe("NIV5");
  });
});

describe("setMeta", () => {
  it("sets scalars", () => {
    const doc = newDoc();
    setMeta(doc, {
      title: "Responsable marketing",
      level: "NIV7",
      rncpCode: "RNCP3456",
      status: "in_review",
    });
    const meta = readMeta(doc);
    expect([meta.title, meta.level, meta.rncpCode, meta.status]).toEqual([
      "Responsable marketing",
      "NIV7",
      "RNCP3456",
      "in_review",
    ]);
  });

  it("sets lists as copies of the input", () => {
    const doc = newDoc();
    const nsf = ["310m", "312"];
    setMeta(doc, { nsf, rome: ["M1705"], formacodes: ["34566", "34502"] });
    nsf.push("999");
    const meta = readMeta(doc);
    expect(meta.nsf).toEqual(["310m", "312"]);
    expect(meta.rome).toEqual(["M1705"]);
    expect(meta.formacodes).toEqual(["34566", "34502"]);
    meta.nsf.push("mutated");
    expect(readMeta(doc).nsf).toEqual(["310m", "312"]);
  });

  it("sets certifiers, with and without SIRET", () => {
    const doc = newDoc();
    const certifiers = [{ name: "École A", siret: "12345678901234" }, { name: "CCI B" }];
    setMeta(doc, { certifiers });
    certifiers[0] = { name: "changed" };
    expect(readMeta(doc).certifiers).toEqual([
      { name: "École A", siret: "12345678901234" },
      { name: "CCI B" },
    ]);
  });

  it("replaces rich fields", () => {
    const doc = newDoc();
    setMeta(doc, { activitesVisees: plainToRich("Un\nDeux") });
    setMeta(doc, {
      activitesVisees: [
        { type: "bulletList", content: [{ type: "listItem", content: plainToRich("Trois") }] },
      ],
      modalitesGenerales: plainToRich("Dossier et soutenance"),
    });
    const meta = readMeta(doc);
    expect(meta.activitesVisees).toEqual([
      { type: "bulletList", content: [{ type: "listItem", content: plainToRich("Trois") }] },
    ]);
    expect(meta.modalitesGenerales).toEqual(plainToRich("Dossier et soutenance"));
    expect(meta.capacitesAttestees).toEqual([]);
  });

  it("leaves the fields it is not given, and undefined ones, untouched", () => {
    const doc = newDoc({ title: "Garde", level: "NIV5" });
    setMeta(doc, { level: undefined, nsf: ["310"] });
    expect(readMeta(doc)).toMatchObject({ title: "Garde", level: "NIV5", nsf: ["310"] });
  });

  it("refuses a bad value or an unknown field, naming it, and writes nothing", () => {
    const doc = newDoc({ title: "Garde" });
    const refuse = (patch: unknown, field: RegExp) => {
      expectRefused(doc, () => setMeta(doc, { title: "Changé", ...(patch as object) }), field);
      expect(() => setMeta(doc, patch as Partial<Meta>)).toThrow(InvalidInputError);
    };
    refuse({ level: "NIV9" }, /level/);
    refuse({ rncpCode: "12345" }, /rncpCode/);
    refuse({ status: "published" }, /status/);
    refuse({ certifiers: [{ name: "A", siret: "123" }] }, /certifiers\[0\]\.siret/);
    refuse({ nsf: "310" }, /nsf/);
    refuse({ schemaVersion: 2 }, /schemaVersion/);
    refuse({ typesEmplois: "texte" }, /typesEmplois/);
    expect(readMeta(doc).title).toBe("Garde");
  });

  it("refuses rich fields on a document that was never seeded, writing nothing", () => {
    const doc = new Y.Doc();
    expect(() => setMeta(doc, { title: "x", typesEmplois: plainToRich("y") })).toThrow(
      /meta\.typesEmplois absent/,
    );
    expect(metaMap(doc).size).toBe(0);
  });
});

describe("addNode", () => {
  it("adds every kind under an allowed parent with its kind's fields", () => {
    const { doc, bloc, a1, c1, c2, m, cr, mt } = sample();
    expect(readNode(doc, bloc)).toMatchObject({
      kind: "bloc",
      parent: null,
      prerequis: "",
      title: "Piloter",
    });
    expect(readNode(doc, a1)).toMatchObject({ kind: "activity", parent: bloc, title: "Veille", links: {} });
    expect(readNode(doc, c1)).toMatchObject({
      kind: "competency",
      parent: bloc,
      body: plainToRich("Analyser le marché"),
      links: { activities: [a1] },
    });
    expect(readNode(doc, m)).toMatchObject({
      kind: "modality",
      parent: bloc,
      modalityType: null,
      grouping: null,
      duration: "",
      links: { covers: [c1, c2].sort() },
    });
    expect(readNode(doc, cr)).toMatchObject({ kind: "criterion", links: { evaluates: [c1] } });
    expect(readNode(doc, mt)).toMatchObject({ kind: "modality", parent: null });
    expect(() => Referential.parse(toReferential(doc))).not.toThrow();
  });

  it("writes every field a kind has", () => {
    const doc = newDoc();
    const bloc = addNode(
      doc,
      { kind: "bloc", title: "B", prerequis: "Aucun", body: "Desc" },
      { parent: null },
    );
    const m = addNode(
      doc,
      {
        kind: "modality",
        title: "Étude",
        body: [{ type: "paragraph", content: [{ type: "text", text: "Écrit", marks: [{ type: "bold" }] }] }],
        modalityType: "etude_de_cas",
        grouping: "group",
        duration: "3 h",
      },
      { parent: bloc },
    );
    expect(readNode(doc, bloc)).toMatchObject({ prerequis: "Aucun", body: plainToRich("Desc") });
    expect(readNode(doc, m)).toMatchObject({
      title: "Étude",
      modalityType: "etude_de_cas",
      grouping: "group",
      duration: "3 h",
      body: [{ type: "paragraph", content: [{ type: "text", text: "Écrit", marks: [{ type: "bold" }] }] }],
    });
  });

  it("uses the given id, or a fresh valid one", () => {
    const doc = newDoc();
    expect(addNode(doc, { kind: "bloc", id: "bloc_1" }, { parent: null })).toBe("bloc_1");
    const id = addNode(doc, { kind: "bloc" }, { parent: null });
    expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(readNode(doc, "bloc_1")).toBeDefined();
  });

  it("places a node last by default, or at an index among siblings of its kind", () => {
    const doc = newDoc();
    const bloc = addNode(doc, { kind: "bloc" }, { parent: null });
    const a = addNode(doc, { kind: "competency", title: "a" }, { parent: bloc });
    const b = addNode(doc, { kind: "competency", title: "b" }, { parent: bloc });
    addNode(doc, { kind: "activity" }, { parent: bloc, index: 0 });
    addNode(doc, { kind: "criterion" }, { parent: bloc });
    const first = addNode(doc, { kind: "competency" }, { parent: bloc, index: 0 });
    const middle = addNode(doc, { kind: "competency" }, { parent: bloc, index: 2 });
    const beyond = addNode(doc, { kind: "competency" }, { parent: bloc, index: 99 });
    const negative = addNode(doc, { kind: "competency" }, { parent: bloc, index: -3 });
    expect(childrenOf(doc, bloc, "competency")).toEqual([negative, first, a, middle, b, beyond]);
    const secondBloc = addNode(doc, { kind: "bloc" }, { parent: null, index: 0 });
    expect(childrenOf(doc, null, "bloc")).toEqual([secondBloc, bloc]);
  });

  it("places a node after a run of siblings with equal keys (concurrent inserts)", () => {
    const a = newDoc();
    const bloc = addNode(a, { kind: "bloc", id: "bloc" }, { parent: null });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const x = addNode(a, { kind: "activity", id: "x" }, { parent: bloc });
    const y = addNode(b, { kind: "activity", id: "y" }, { parent: bloc });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readNode(a, x)?.order).toBe(readNode(a, y)?.order);
    const z = addNode(a, { kind: "activity" }, { parent: bloc });
    const w = addNode(a, { kind: "activity" }, { parent: bloc, index: 1 });
    expect(childrenOf(a, bloc, "activity")).toEqual([x, y, w, z]);
  });

  it("places a node among siblings whose keys are valid when one key is malformed", () => {
    const doc = newDoc();
    const bloc = addNode(doc, { kind: "bloc" }, { parent: null });
    const a = addNode(doc, { kind: "activity" }, { parent: bloc });
    const bad = addNode(doc, { kind: "activity" }, { parent: bloc });
    requireNodeMap(doc, bad).set("order", "1");
    const first = addNode(doc, { kind: "activity" }, { parent: bloc, index: 0 });
    const last = addNode(doc, { kind: "activity" }, { parent: bloc });
    expect(childrenOf(doc, bloc, "activity")).toEqual([bad, first, a, last]);
  });

  it("follows the parent rules", () => {
    const { doc, bloc, c1, m } = sample();
    expectRefused(doc, () => addNode(doc, { kind: "activity" }, { parent: null }), /sous « la racine »/);
    expectRefused(doc, () => addNode(doc, { kind: "competency" }, { parent: null }), /la racine/);
    expectRefused(
      doc,
      () => addNode(doc, { kind: "criterion" }, { parent: c1 }),
      /« criterion ».*« competency »/,
    );
    expectRefused(doc, () => addNode(doc, { kind: "bloc" }, { parent: bloc }), /« bloc ».*« bloc »/);
    expectRefused(doc, () => addNode(doc, { kind: "modality" }, { parent: m }), /« modality »/);
    expectRefused(doc, () => addNode(doc, { kind: "activity" }, { parent: "absent" }), /Parent introuvable/);
    const transversal = addNode(doc, { kind: "modality" }, { parent: null });
    expect(buildOutline(toReferential(doc)).transversal.map((n) => n.id)).toContain(transversal);
  });

  it("refuses bad input and writes nothing", () => {
    const { doc, bloc, a1, c1 } = sample();
    const refuse = (input: unknown, message: RegExp) =>
      expectRefused(
        doc,
        () => addNode(doc, input as Parameters<typeof addNode>[1], { parent: bloc }),
        message,
      );
    refuse({ kind: "chapter" }, /Type d'élément inconnu/);
    refuse({ kind: "activity", id: bloc }, /déjà utilisé/);
    refuse({ kind: "activity", id: "a b" }, /Identifiant invalide/);
    refuse({ kind: "activity", title: "x".repeat(2_001) }, /title/);
    refuse({ kind: "activity", title: 42 }, /title/);
    refuse({ kind: "activity", title: "ok", prerequis: "x" }, /prérequis/);
    refuse({ kind: "competency", duration: "1 h" }, /duration/);
    refuse({ kind: "modality", modalityType: "oral" }, /modalityType/);
    refuse({ kind: "modality", grouping: "pairs" }, /grouping/);
    refuse({ kind: "modality", duration: "x".repeat(101) }, /duration/);
    refuse({ kind: "competency", body: [{ type: "" }] }, /body/);
    refuse({ kind: "criterion", links: { evaluates: [a1] } }, /doit viser un élément « competency »/);
    refuse({ kind: "criterion", links: { evaluates: ["absent"] } }, /introuvable/);
    refuse({ kind: "criterion", links: { covers: [c1] } }, /n'a pas de lien « covers »/);
    expectRefused(
      doc,
      () => addNode(doc, { kind: "activity" }, { parent: bloc, index: 1.5 }),
      /Position invalide/,
    );
  });
});

describe("updateNode", () => {
  it("replaces the given fields and keeps the others", () => {
    const { doc, bloc, c1, m, a1 } = sample();
    updateNode(doc, bloc, { prerequis: "Bac+3", title: "Piloter un projet" });
    updateNode(doc, c1, { body: "Analyser le marché\nafin de décider" });
    updateNode(doc, m, { modalityType: "mise_en_situation", grouping: "individual", duration: "2 h" });
    expect(readNode(doc, bloc)).toMatchObject({ title: "Piloter un projet", prerequis: "Bac+3" });
    expect(readNode(doc, c1)).toMatchObject({
      body: plainToRich("Analyser le marché\nafin de décider"),
      links: { activities: [a1] },
    });
    expect(readNode(doc, m)).toMatchObject({
      title: "Cas",
      modalityType: "mise_en_situation",
      grouping: "individual",
      duration: "2 h",
    });
    updateNode(doc, m, { modalityType: null, grouping: null });
    expect(readNode(doc, m)).toMatchObject({ modalityType: null, grouping: null, duration: "2 h" });
  });

  it("does not touch a text that is already equal", () => {
    const { doc, a1 } = sample();
    const before = Y.encodeStateVector(doc);
    updateNode(doc, a1, { title: "Veille" });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("merges two people editing the same title at once instead of duplicating it", () => {
    const { doc, bloc } = sample();
    updateNode(doc, bloc, { title: "Piloter un projet" });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    updateNode(doc, bloc, { title: "Piloter un grand projet" });
    updateNode(other, bloc, { title: "Piloter un projet digital" });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(readNode(doc, bloc)?.title).toBe("Piloter un grand projet digital");
    expect(readNode(other, bloc)?.title).toBe("Piloter un grand projet digital");
  });

  it("refuses a field of another kind, or a missing node, without writing anything", () => {
    const { doc, bloc, a1, c1 } = sample();
    expectRefused(doc, () => updateNode(doc, a1, { title: "Changé", prerequis: "x" }), /Seul un bloc/);
    expectRefused(
      doc,
      () => updateNode(doc, c1, { body: "Changé", grouping: "group" }),
      /Seule une modalité/,
    );
    expectRefused(doc, () => updateNode(doc, bloc, { duration: "1 h" }), /duration/);
    expectRefused(doc, () => updateNode(doc, "absent", { title: "x" }), /introuvable/);
    expect(readNode(doc, a1)?.title).toBe("Veille");
  });
});

describe("moveNode", () => {
  it("reorders within a bloc", () => {
    const doc = newDoc();
    const bloc = addNode(doc, { kind: "bloc" }, { parent: null });
    const [a, b, c] = ["a", "b", "c"].map((title) =>
      addNode(doc, { kind: "competency", title }, { parent: bloc }),
    );
    moveNode(doc, c as string, { parent: bloc, index: 0 });
    expect(childrenOf(doc, bloc, "competency")).toEqual([c, a, b]);
    moveNode(doc, c as string, { parent: bloc });
    expect(childrenOf(doc, bloc, "competency")).toEqual([a, b, c]);
    moveNode(doc, a as string, { parent: bloc, index: 1 });
    expect(childrenOf(doc, bloc, "competency")).toEqual([b, a, c]);
  });

  it("moves to another bloc keeping id, text, links and comments, copying nothing", () => {
    const { doc, bloc, c1, a1, m, cr } = sample();
    const other = addNode(doc, { kind: "bloc", title: "Autre" }, { parent: null });
    const existing = addNode(doc, { kind: "competency", body: "Déjà là" }, { parent: other });
    const thread = addComment(
      doc,
      { node: c1, field: "body", range: { from: 0, to: 8 } },
      { author: "u1", body: "Verbe ?", at: "t" },
    );
    const before = readNode(doc, c1);
    const count = toReferential(doc).nodes.length;
    const origins = transactionsOf(doc, () => moveNode(doc, c1, { parent: other, index: 0 }));
    expect(origins).toEqual([LOCAL_ORIGIN]);
    const after = readNode(doc, c1);
    expect(after).toEqual({ ...before, parent: other, order: after?.order });
    expect(toReferential(doc).nodes).toHaveLength(count);
    expect(childrenOf(doc, other, "competency")).toEqual([c1, existing]);
    expect(childrenOf(doc, bloc, "competency")).not.toContain(c1);
    expect(readNode(doc, m)?.links.covers).toContain(c1);
    expect(readNode(doc, cr)?.links.evaluates).toEqual([c1]);
    expect(readNode(doc, c1)?.links.activities).toEqual([a1]);
    expect(readThreads(doc).find((t) => t.id === thread)).toMatchObject({
      orphaned: false,
      anchor: { node: c1, field: "body", range: { from: 0, to: 8 } },
    });
    expect(buildOutline(toReferential(doc)).codes.get(c1)).toBe("C2.1");
  });

  it("moves a modality out of its bloc to make it transversal", () => {
    const { doc, m, mt } = sample();
    moveNode(doc, m, { parent: null, index: 0 });
    expect(childrenOf(doc, null, "modality")).toEqual([m, mt]);
  });

  it("refuses a parent of the wrong kind, a missing parent or node, a bad index", () => {
    const { doc, bloc, a1, c1 } = sample();
    expectRefused(doc, () => moveNode(doc, a1, { parent: null }), /la racine/);
    expectRefused(doc, () => moveNode(doc, a1, { parent: c1 }), /« competency »/);
    expectRefused(doc, () => moveNode(doc, bloc, { parent: bloc }), /« bloc »/);
    expectRefused(doc, () => moveNode(doc, a1, { parent: "absent" }), /Parent introuvable/);
    expectRefused(doc, () => moveNode(doc, "absent", { parent: bloc }), /introuvable/);
    expectRefused(doc, () => moveNode(doc, a1, { parent: bloc, index: Number.NaN }), /Position invalide/);
  });

  it("never duplicates a node that two replicas move at once", () => {
    const { doc: a, c1 } = sample();
    const b1 = addNode(a, { kind: "bloc", id: "b1" }, { parent: null });
    const b2 = addNode(a, { kind: "bloc", id: "b2" }, { parent: null });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    moveNode(a, c1, { parent: b1 });
    moveNode(b, c1, { parent: b2 });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(toReferential(a)).toEqual(toReferential(b));
    expect(toReferential(a).nodes.filter((n) => n.id === c1)).toHaveLength(1);
    expect([b1, b2]).toContain(readNode(a, c1)?.parent);
  });
});

describe("deleteNode", () => {
  it("deletes a bloc, its children and every link to them, in one transaction", () => {
    const { doc, bloc, a1, a2, c1, c2, m, cr, mt } = sample();
    const other = addNode(doc, { kind: "bloc" }, { parent: null });
    const kept = addNode(doc, { kind: "competency" }, { parent: other });
    setLink(doc, mt, "covers", kept);
    const origins = transactionsOf(doc, () => deleteNode(doc, bloc));
    expect(origins).toEqual([LOCAL_ORIGIN]);
    for (const id of [bloc, a1, a2, c1, c2, m, cr]) expect(readNode(doc, id)).toBeUndefined();
    expect(
      toReferential(doc)
        .nodes.map((n) => n.id)
        .sort(),
    ).toEqual([other, kept, mt].sort());
    expect(readNode(doc, mt)?.links.covers).toEqual([kept]);
  });

  it("deletes a competency and the links pointing at it, and nothing else", () => {
    const { doc, a1, c1, c2, m, cr, mt } = sample();
    const count = toReferential(doc).nodes.length;
    deleteNode(doc, c1);
    expect(toReferential(doc).nodes).toHaveLength(count - 1);
    expect(readNode(doc, m)?.links.covers).toEqual([c2]);
    expect(readNode(doc, mt)?.links.covers).toEqual([]);
    expect(readNode(doc, cr)?.links.evaluates).toEqual([]);
    expect(readNode(doc, a1)).toBeDefined();
  });

  it("keeps the comment threads of deleted nodes, orphaned", () => {
    const { doc, bloc, c1 } = sample();
    const onBloc = addComment(doc, { node: bloc }, { author: "u1", body: "Bloc ?" });
    const onChild = addComment(doc, { node: c1, field: "body" }, { author: "u2", body: "Texte ?" });
    deleteNode(doc, bloc);
    const threads = readThreads(doc);
    expect(threads.map((t) => [t.id, t.orphaned, t.messages[0]?.body]).sort()).toEqual(
      [
        [onBloc, true, "Bloc ?"],
        [onChild, true, "Texte ?"],
      ].sort(),
    );
    expect(() => Referential.parse(toReferential(doc))).not.toThrow();
  });

  it("refuses a missing node", () => {
    const { doc } = sample();
    expectRefused(doc, () => deleteNode(doc, "absent"), /introuvable/);
  });
});

describe("setLink / clearLinks", () => {
  it("sets and clears each kind of link", () => {
    const { doc, a2, c1, c2, m, cr } = sample();
    setLink(doc, c1, "activities", a2);
    setLink(doc, cr, "evaluates", c2);
    setLink(doc, m, "covers", c1, false);
    expect(readNode(doc, c1)?.links.activities).toContain(a2);
    expect(readNode(doc, cr)?.links.evaluates).toEqual([c1, c2].sort());
    expect(readNode(doc, m)?.links.covers).toEqual([c2]);
  });

  it("does not write a link that is already there", () => {
    const { doc, c1, cr } = sample();
    const before = Y.encodeStateVector(doc);
    setLink(doc, cr, "evaluates", c1);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("refuses a link the kind does not own or towards the wrong kind", () => {
    const { doc, bloc, a1, c1, m, cr } = sample();
    expectRefused(
      doc,
      () => setLink(doc, a1, "activities", a1),
      /« activity » n'a pas de lien « activities »/,
    );
    expectRefused(doc, () => setLink(doc, cr, "covers", c1), /n'a pas de lien « covers »/);
    expectRefused(doc, () => setLink(doc, m, "covers", a1), /doit viser un élément « competency »/);
    expectRefused(doc, () => setLink(doc, c1, "activities", bloc), /« activity »/);
    expectRefused(doc, () => setLink(doc, cr, "evaluates", "absent"), /introuvable/);
    expectRefused(doc, () => setLink(doc, "absent", "evaluates", c1), /introuvable/);
    expectRefused(doc, () => clearLinks(doc, cr, "covers"), /n'a pas de lien « covers »/);
  });

  it("clears a dangling link left by a concurrent delete", () => {
    const { doc: a, c1, cr } = sample();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    deleteNode(a, c1);
    const extra = addNode(b, { kind: "competency" }, { parent: readNode(b, c1)?.parent ?? null });
    setLink(b, cr, "evaluates", extra);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readNode(a, cr)?.links.evaluates).toEqual([extra]);
    setLink(a, cr, "evaluates", "gone-id", false);
    clearLinks(a, cr, "evaluates");
    expect(readNode(a, cr)?.links.evaluates).toEqual([]);
  });

  it("clearLinks removes every link of one name only", () => {
    const { doc, m, mt, c1, c2 } = sample();
    clearLinks(doc, m, "covers");
    expect(readNode(doc, m)?.links.covers).toEqual([]);
    expect(readNode(doc, mt)?.links.covers).toEqual([c1]);
    expect(readNode(doc, c2)).toBeDefined();
  });
});

describe("pinCode", () => {
  it("pins a trimmed code and unpins with null", () => {
    const { doc, c1, c2 } = sample();
    pinCode(doc, c1, "  C1.9 ");
    expect(readNode(doc, c1)?.pinnedCode).toBe("C1.9");
    expect(buildOutline(toReferential(doc)).codes.get(c1)).toBe("C1.9");
    expect(buildOutline(toReferential(doc)).codes.get(c2)).toBe("C1.2");
    pinCode(doc, c1, null);
    expect(readNode(doc, c1)?.pinnedCode).toBeNull();
    expect(buildOutline(toReferential(doc)).codes.get(c1)).toBe("C1.1");
  });

  it("refuses an empty or too long code, or a missing node", () => {
    const { doc, c1 } = sample();
    expectRefused(doc, () => pinCode(doc, c1, "   "), /vide ou trop long/);
    expectRefused(doc, () => pinCode(doc, c1, "C".repeat(41)), /vide ou trop long/);
    expectRefused(doc, () => pinCode(doc, "absent", "C1"), /introuvable/);
  });
});

describe("one transaction per command, undoable alone", () => {
  it("tags every command with LOCAL_ORIGIN and undoes exactly one command per step", () => {
    const { doc, bloc, a1, c1, c2, m, cr } = sample();
    const undo = new Y.UndoManager([metaMap(doc), doc.getMap("nodes"), doc.getMap("comments")], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 0,
    });
    let thread = "";
    let reply = "";
    const steps: [string, () => void][] = [
      [
        "setMeta",
        () => setMeta(doc, { title: "Nouveau", nsf: ["310"], objectifsContexte: plainToRich("Contexte") }),
      ],
      [
        "addNode",
        () =>
          addNode(
            doc,
            { kind: "criterion", body: "Observable", links: { evaluates: [c2] } },
            { parent: bloc },
          ),
      ],
      ["updateNode", () => updateNode(doc, c1, { body: "Analyser finement le marché", title: "T" })],
      ["moveNode", () => moveNode(doc, c2, { parent: bloc, index: 0 })],
      ["setLink", () => setLink(doc, cr, "evaluates", c2)],
      ["clearLinks", () => clearLinks(doc, m, "covers")],
      ["pinCode", () => pinCode(doc, a1, "A9")],
      [
        "addComment",
        () =>
          (thread = addComment(
            doc,
            { node: c1, field: "body", range: { from: 0, to: 8 } },
            { author: "u1", body: "?" },
          )),
      ],
      ["replyToComment", () => (reply = replyToComment(doc, thread, { author: "u2", body: "!" }))],
      ["editComment", () => editComment(doc, thread, reply, "u2", "!!")],
      ["resolveThread", () => resolveThread(doc, thread)],
      ["reopenThread", () => reopenThread(doc, thread)],
      ["deleteNode", () => deleteNode(doc, bloc)],
      ["deleteThread", () => deleteThread(doc, thread)],
    ];
    const states = [toReferential(doc)];
    for (const [name, run] of steps) {
      const origins = transactionsOf(doc, run);
      expect(origins, name).toEqual([LOCAL_ORIGIN]);
      states.push(toReferential(doc));
    }
    for (let i = states.length - 1; i > 0; i--) {
      expect(toReferential(doc)).toEqual(states[i]);
      undo.undo();
      expect(toReferential(doc), `undo ${steps[i - 1]?.[0]}`).toEqual(states[i - 1]);
    }
  });

  it("does not undo changes from another replica", () => {
    const { doc, c1 } = sample();
    const undo = new Y.UndoManager([doc.getMap("nodes")], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 0,
    });
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    updateNode(doc, c1, { title: "Mien" });
    updateNode(remote, c1, { body: "Distant" });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), "remote");
    undo.undo();
    expect(readNode(doc, c1)).toMatchObject({ title: "", body: plainToRich("Distant") });
  });

  it("makes one transaction of a refused command and changes nothing", () => {
    const { doc, a1 } = sample();
    const body = nodeBody(requireNodeMap(doc, a1)).toJSON();
    const origins = transactionsOf(doc, () =>
      expect(() => updateNode(doc, a1, { body: "x", duration: "1 h" })).toThrow(),
    );
    expect(origins.length).toBeLessThanOrEqual(1);
    expect(nodeBody(requireNodeMap(doc, a1)).toJSON()).toBe(body);
  });
});
