import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, deleteNode, updateNode } from "./commands.ts";
import { addComment } from "./comments.ts";
import { canonicalJson, canonicalSnapshot, docFromSnapshot, parseSnapshot, sha256Hex } from "./snapshot.ts";

const demo = readFileSync(
  new URL("../fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url),
  "utf8",
);

describe("canonical snapshot", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined, x: 2 }], c: "é" } })).toBe(
      '{"a":{"c":"é","d":[{"x":2,"z":1}]},"b":1}',
    );
  });

  it("hashes with sha256", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("round-trips the demo référentiel byte for byte", () => {
    const first = canonicalSnapshot(docFromSnapshot(parseSnapshot(demo)));
    const second = canonicalSnapshot(docFromSnapshot(parseSnapshot(first.json)));
    expect(second.json).toBe(first.json);
    expect(second.sha256).toBe(first.sha256);
    expect(JSON.parse(first.json).referential.nodes).toHaveLength(91);
  });

  it("round-trips comments, ranges and orphaned threads", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "Test" });
    const bloc = addNode(doc, { kind: "bloc", title: "Bloc" }, { parent: null });
    const c = addNode(
      doc,
      { kind: "competency", body: "Analyser le marché\nafin de décider" },
      { parent: bloc },
    );
    const gone = addNode(doc, { kind: "competency", body: "Texte supprimé" }, { parent: bloc });
    addComment(
      doc,
      { node: c, field: "body", range: { from: 9, to: 18 } },
      { author: "u1", body: "Précisez", at: "t" },
    );
    addComment(
      doc,
      { node: gone, field: "body", range: { from: 0, to: 5 } },
      { author: "u1", body: "?", at: "t" },
    );
    deleteNode(doc, gone);
    updateNode(doc, c, { title: "x" });
    const once = canonicalSnapshot(doc).json;
    const threads = JSON.parse(once).referential.comments;
    expect(threads.map((t: { orphaned: boolean }) => t.orphaned).sort()).toEqual([false, true]);
    expect(canonicalSnapshot(docFromSnapshot(parseSnapshot(once))).json).toBe(once);
  });
});

describe("snapshot rich text", () => {
  it("keeps marks on the text they cover, not on the plain text after it", () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "Test" });
    const bloc = addNode(doc, { kind: "bloc" }, { parent: null });
    const body = [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Analyser", marks: [{ type: "bold" }] },
          { type: "text", text: " le marché " },
          { type: "text", text: "(source)", marks: [{ type: "link", attrs: { href: "https://a.fr" } }] },
          { type: "text", text: " puis conclure" },
        ],
      },
    ];
    const c = addNode(doc, { kind: "competency", body }, { parent: bloc });
    const snapshot = parseSnapshot(canonicalSnapshot(doc).json);
    expect(snapshot.referential.nodes.find((n) => n.id === c)?.body).toEqual(body);
    const again = canonicalSnapshot(docFromSnapshot(snapshot));
    expect(again.json).toBe(canonicalSnapshot(doc).json);
  });
});

describe("parseSnapshot on bad input", () => {
  const valid = () => JSON.parse(demo);
  it("refuses text that is not JSON", () => {
    expect(() => parseSnapshot("{nope")).toThrow(/JSON valide/);
  });
  it("names a field with a wrong type", () => {
    const s = valid();
    s.referential.nodes[2].title = 42;
    expect(() => parseSnapshot(s)).toThrow(
      /^Instantané invalide — l'élément n° 3 \(activité\) : l'intitulé : /,
    );
  });
  it("names an unknown kind", () => {
    const s = valid();
    s.referential.nodes[0].kind = "chapter";
    expect(() => parseSnapshot(s)).toThrow(/l'élément n° 1 \(.+\) : le type : /);
  });
  it("refuses oversized text", () => {
    const s = valid();
    s.referential.nodes[1].title = "x".repeat(100_000);
    expect(() => parseSnapshot(s)).toThrow(/l'élément n° 2 \(activité « x{40}… »\) : l'intitulé : /);
  });
  it("refuses duplicated ids", () => {
    const s = valid();
    s.referential.nodes[1].id = s.referential.nodes[0].id;
    expect(() => parseSnapshot(s)).toThrow(/en double/);
  });
  it("refuses an order that is not a fractional index key", () => {
    const s = valid();
    s.referential.nodes[3].order = "1";
    expect(() => parseSnapshot(s)).toThrow(/l'élément n° 4 \(.+\) : l'ordre : clé d'ordre invalide/);
  });
  it("names meta fields and certifiers in words, never by their code path", () => {
    const s = valid();
    s.referential.meta.title = 7;
    s.referential.meta.certifiers = [{ name: "Ok" }, { name: 3 }];
    let message = "";
    try {
      parseSnapshot(s);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("l'intitulé du référentiel : ");
    expect(message).toContain("le certificateur n° 2 (nom) : ");
    expect(message).not.toMatch(/referential|\[\d\]/);
  });
  it("refuses an unknown format", () => {
    expect(() => parseSnapshot({ format: "other" })).toThrow(/format/);
  });
});
