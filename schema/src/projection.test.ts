import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, pinCode, setLink, setMeta, updateNode } from "./commands.ts";
import { addComment, editComment, replyToComment, resolveThread } from "./comments.ts";
import { commentsMap, metaMap, NODE_KEYS, nodesMap, requireNodeMap, THREAD_KEYS } from "./layout.ts";
import { Meta, Node, Referential } from "./model.ts";
import { readMeta, readNode, readThread, readThreads, toReferential } from "./projection.ts";
import { plainToRich } from "./richtext.ts";
import { docFromSnapshot, parseSnapshot } from "./snapshot.ts";

const demo = readFileSync(
  new URL("../fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url),
  "utf8",
);

function build() {
  const doc = new Y.Doc();
  createReferential(doc, {
    title: "Chef de projet marketing",
    level: "NIV6",
    rncpCode: "RNCP12345",
    nsf: ["312"],
    certifiers: [{ name: "École", siret: "12345678901234" }],
    activitesVisees: plainToRich("Piloter des projets"),
  });
  const bloc = addNode(
    doc,
    { kind: "bloc", id: "z-bloc", title: "Piloter", prerequis: "Aucun" },
    { parent: null },
  );
  const act = addNode(doc, { kind: "activity", id: "a-act", title: "Veille" }, { parent: bloc });
  const comp = addNode(
    doc,
    { kind: "competency", id: "m-comp", body: "Analyser le marché" },
    { parent: bloc },
  );
  const act2 = addNode(doc, { kind: "activity", id: "0-act", title: "Pilotage" }, { parent: bloc });
  setLink(doc, comp, "activities", act);
  setLink(doc, comp, "activities", act2);
  const mod = addNode(
    doc,
    {
      kind: "modality",
      id: "k-mod",
      title: "Cas",
      modalityType: "etude_de_cas",
      grouping: "individual",
      duration: "2 h",
    },
    { parent: null },
  );
  setLink(doc, mod, "covers", comp);
  const crit = addNode(
    doc,
    { kind: "criterion", id: "c-crit", body: "Le marché est décrit" },
    { parent: bloc },
  );
  setLink(doc, crit, "evaluates", comp);
  pinCode(doc, bloc, "BC07");
  const t2 = addComment(
    doc,
    { node: comp, field: "body", range: { from: 0, to: 8 } },
    { author: "u1", body: "Verbe", at: "1" },
    { id: "t2" },
  );
  const t1 = addComment(doc, { node: bloc }, { author: "u2", body: "Bloc", at: "2" }, { id: "t1" });
  return { doc, bloc, act, act2, comp, mod, crit, t1, t2 };
}

describe("toReferential", () => {
  it("projects the whole document, parsing with the Referential schema", () => {
    const { doc } = build();
    const ref = toReferential(doc);
    expect(Referential.parse(ref)).toEqual(ref);
    expect(ref.nodes.map((n) => n.id)).toEqual(["0-act", "a-act", "c-crit", "k-mod", "m-comp", "z-bloc"]);
    expect(ref.comments.map((t) => t.id)).toEqual(["t1", "t2"]);
    expect(ref.meta.title).toBe("Chef de projet marketing");
  });

  it("projects each kind with its own fields", () => {
    const { doc, bloc, act, act2, comp, mod, crit } = build();
    expect(readNode(doc, bloc)).toEqual({
      id: bloc,
      kind: "bloc",
      parent: null,
      order: readNode(doc, bloc)?.order,
      pinnedCode: "BC07",
      title: "Piloter",
      body: [],
      links: {},
      prerequis: "Aucun",
      prerequisEntree: "",
    });
    expect(readNode(doc, act)).toMatchObject({ kind: "activity", parent: bloc, pinnedCode: null, links: {} });
    expect(readNode(doc, comp)).toMatchObject({
      kind: "competency",
      body: plainToRich("Analyser le marché"),
      links: { activities: [act2, act] },
    });
    expect(readNode(doc, mod)).toMatchObject({
      kind: "modality",
      parent: null,
      modalityType: "etude_de_cas",
      grouping: "individual",
      duration: "2 h",
      links: { covers: [comp] },
    });
    expect(readNode(doc, crit)).toMatchObject({ kind: "criterion", links: { evaluates: [comp] } });
    for (const id of [bloc, act, comp, mod, crit]) expect(() => Node.parse(readNode(doc, id))).not.toThrow();
    expect(readNode(doc, "absent")).toBeUndefined();
  });

  it("returns values the caller may change without touching the document", () => {
    const { doc, comp } = build();
    const ref = toReferential(doc);
    ref.meta.nsf.push("999");
    const certifier = ref.meta.certifiers[0];
    if (certifier) certifier.name = "changé";
    ref.nodes.find((n) => n.id === comp)?.links.activities?.push("x");
    expect(readMeta(doc).nsf).toEqual(["312"]);
    expect(readMeta(doc).certifiers).toEqual([{ name: "École", siret: "12345678901234" }]);
    expect(readNode(doc, comp)?.links.activities).toHaveLength(2);
  });

  it("projects the demo référentiel", () => {
    const ref = toReferential(docFromSnapshot(parseSnapshot(demo)));
    expect(Referential.parse(ref)).toEqual(ref);
    expect(ref.nodes).toHaveLength(91);
    expect(ref.nodes.filter((n) => n.kind === "bloc").length).toBeGreaterThan(0);
  });
});

describe("readMeta", () => {
  it("gives the defaults on an empty document", () => {
    const meta = readMeta(new Y.Doc());
    expect(Meta.parse(meta)).toEqual(meta);
    expect(meta).toMatchObject({
      title: "",
      rncpCode: "",
      level: "",
      status: "draft",
      nsf: [],
      activitesVisees: [],
    });
  });

  it("reads what setMeta wrote", () => {
    const { doc } = build();
    setMeta(doc, { status: "validated", rome: ["M1705"], typesEmplois: plainToRich("Chef de projet") });
    expect(readMeta(doc)).toMatchObject({
      rncpCode: "RNCP12345",
      level: "NIV6",
      status: "validated",
      rome: ["M1705"],
      typesEmplois: plainToRich("Chef de projet"),
      activitesVisees: plainToRich("Piloter des projets"),
    });
  });
});

describe("readThreads", () => {
  it("reads messages in order, editedAt only when edited, status and anchor", () => {
    const { doc, t2, comp } = build();
    const reply = replyToComment(doc, t2, { author: "u2", body: "OK", at: "3" });
    editComment(doc, t2, reply, "u2", "D'accord");
    resolveThread(doc, t2);
    const thread = readThread(doc, t2);
    expect(thread).toMatchObject({
      status: "resolved",
      orphaned: false,
      anchor: { node: comp, field: "body", range: { from: 0, to: 8 } },
    });
    expect(thread?.messages.map((m) => [m.author, m.body, m.at])).toEqual([
      ["u1", "Verbe", "1"],
      ["u2", "D'accord", "3"],
    ]);
    expect(thread?.messages[0]).not.toHaveProperty("editedAt");
    expect(typeof thread?.messages[1]?.editedAt).toBe("string");
    expect(readThreads(doc).map((t) => t.id)).toEqual(["t1", "t2"]);
    expect(readThread(doc, "absent")).toBeUndefined();
  });
});

describe("a damaged document", () => {
  it("is projected without throwing, so validation can report it", () => {
    const { doc, comp, t1 } = build();
    doc.transact(() => {
      commentsMap(doc).set("junk", 5 as never);
      const half = new Y.Map<unknown>();
      half.set(THREAD_KEYS.anchor, { node: comp, field: "body", from: new Uint8Array([255]), to: "x" });
      half.set(THREAD_KEYS.messages, ["not a message"]);
      commentsMap(doc).set("half", half);
      (commentsMap(doc).get(t1) as Y.Map<unknown>).delete(THREAD_KEYS.anchor);
      nodesMap(doc).set("junk", "node" as never);
      const map = requireNodeMap(doc, comp);
      map.set(NODE_KEYS.body, "texte brut");
      map.set(NODE_KEYS.links, 3);
      metaMap(doc).set("nsf", 7);
      metaMap(doc).set("certifiers", "x");
    });
    const ref = toReferential(doc);
    const result = Referential.safeParse(ref);
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["meta.nsf", "meta.certifiers"]));
    expect(ref.comments.find((t) => t.id === "half")).toMatchObject({ orphaned: true });
    expect(ref.comments.find((t) => t.id === t1)).toMatchObject({ orphaned: true });
    expect(ref.nodes.map((n) => n.id)).toContain("junk");
    expect(() => readNode(doc, comp)).not.toThrow();
    expect(() => readThreads(doc)).not.toThrow();
  });

  it("keeps a title that is not text visible to validation", () => {
    const { doc, comp } = build();
    requireNodeMap(doc, comp).set(NODE_KEYS.title, 42);
    expect(Node.safeParse(readNode(doc, comp)).success).toBe(false);
    updateNode(doc, comp, { body: "Réparé" });
    expect(readNode(doc, comp)?.body).toEqual(plainToRich("Réparé"));
  });
});
