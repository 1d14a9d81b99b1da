import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential, updateNode } from "./commands.ts";
import { LOCAL_ORIGIN, nodeBody, nodeTitle, requireNodeMap } from "./layout.ts";
import { Suggestion } from "./model.ts";
import { readSuggestion, readSuggestions } from "./projection.ts";
import { fragmentToRich, richToPlain, textLeaves } from "./richtext.ts";
import {
  acceptSuggestion,
  deleteSuggestion,
  editSuggestion,
  editSuggestionReply,
  OutdatedSuggestionError,
  rejectSuggestion,
  replyToSuggestion,
  suggestEdit,
  suggestTyping,
  type TypedChange,
} from "./suggestions.ts";
import { transactionsOf } from "./testing.ts";

const BODY = "Analyser le marché\nafin de décider";

function setup() {
  const doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  const bloc = addNode(doc, { kind: "bloc", title: "Piloter un projet" }, { parent: null });
  const c = addNode(doc, { kind: "competency", body: BODY }, { parent: bloc });
  return { doc, bloc, c };
}

const bodyText = (doc: Y.Doc, id: string) => richToPlain(fragmentToRich(nodeBody(requireNodeMap(doc, id))));
const at = (text: string, part: string) => {
  const from = text.indexOf(part);
  if (from < 0) throw new Error(`« ${part} » absent`);
  return { from, to: from + part.length };
};

/** Two replicas kept in sync both ways (what the server does between two editors). */
function linked(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

function expectRefused(doc: Y.Doc, fn: () => unknown, message: RegExp | (new () => Error)): void {
  const before = Y.encodeStateVector(doc);
  const list = readSuggestions(doc);
  expect(fn).toThrow(message);
  expect(Y.encodeStateVector(doc)).toEqual(before);
  expect(readSuggestions(doc)).toEqual(list);
}

describe("suggestEdit", () => {
  it("proposes to replace a range of a body, read back with its kind and original text", () => {
    const { doc, c } = setup();
    const range = at(BODY, "marché");
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range,
      text: "secteur",
      author: "u1",
      at: "2025-02-03T04:05:06.000Z",
    });
    const suggestion = readSuggestion(doc, id);
    expect(suggestion).toEqual({
      id,
      anchor: { node: c, field: "body", range },
      kind: "replace",
      original: "marché",
      text: "secteur",
      author: "u1",
      at: "2025-02-03T04:05:06.000Z",
      status: "open",
      outdated: false,
      messages: [],
    });
    expect(Suggestion.parse(suggestion)).toEqual(suggestion);
    // The content is untouched until someone accepts.
    expect(bodyText(doc, c)).toBe(BODY);
  });

  it("an empty range is an insertion, an empty text a deletion", () => {
    const { doc, c } = setup();
    const insert = suggestEdit(doc, {
      node: c,
      field: "body",
      range: { from: BODY.indexOf("\n"), to: BODY.indexOf("\n") },
      text: " concurrentiel",
      author: "u1",
    });
    const remove = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "le "),
      text: "",
      author: "u1",
    });
    expect(readSuggestion(doc, insert)).toMatchObject({ kind: "insert", original: "", outdated: false });
    expect(readSuggestion(doc, remove)).toMatchObject({ kind: "delete", original: "le ", text: "" });
  });

  it("works on a title too, and is one transaction with the local origin", () => {
    const { doc, bloc } = setup();
    const origins = transactionsOf(doc, () =>
      suggestEdit(doc, {
        node: bloc,
        field: "title",
        range: { from: 0, to: 7 },
        text: "Conduire",
        author: "u1",
      }),
    );
    expect(origins).toEqual([LOCAL_ORIGIN]);
    expect(readSuggestions(doc)[0]).toMatchObject({ original: "Piloter", anchor: { field: "title" } });
  });

  it("refuses what it could not apply, writing nothing", () => {
    const { doc, c } = setup();
    const base = { node: c, field: "body" as const, author: "u1" };
    expectRefused(
      doc,
      () => suggestEdit(doc, { ...base, range: at(BODY, "marché\nafin"), text: "x" }),
      /un seul paragraphe/,
    );
    expectRefused(
      doc,
      () => suggestEdit(doc, { ...base, range: at(BODY, "marché"), text: "a\nb" }),
      /retour à la ligne/,
    );
    expectRefused(doc, () => suggestEdit(doc, { ...base, range: { from: 3, to: 3 }, text: "" }), /vide/);
    expectRefused(
      doc,
      () => suggestEdit(doc, { ...base, range: at(BODY, "marché"), text: "marché" }),
      /ne change rien/,
    );
    expectRefused(
      doc,
      () => suggestEdit(doc, { ...base, range: { from: 5, to: 999 }, text: "x" }),
      /hors du texte/,
    );
    expectRefused(
      doc,
      () => suggestEdit(doc, { ...base, node: "inconnu", range: { from: 0, to: 1 }, text: "x" }),
      /introuvable/,
    );
    expectRefused(
      doc,
      () => suggestEdit(doc, { ...base, author: "", range: { from: 0, to: 1 }, text: "x" }),
      /Auteur/,
    );
  });
});

describe("acceptSuggestion", () => {
  it("applies a replacement in place, keeping the text's formatting, and records who accepted", () => {
    const { doc, c } = setup();
    // "marché" in bold, as the editor would store it.
    const leaf = textLeaves(nodeBody(requireNodeMap(doc, c)))[0]!.text;
    doc.transact(() => leaf.format(BODY.indexOf("marché"), 6, { bold: {} }));
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "marché"),
      text: "secteur",
      author: "u1",
    });
    const origins = transactionsOf(doc, () => acceptSuggestion(doc, id, "u2", "2025-03-01T00:00:00.000Z"));
    expect(origins).toEqual([LOCAL_ORIGIN]);
    expect(bodyText(doc, c)).toBe("Analyser le secteur\nafin de décider");
    expect(fragmentToRich(nodeBody(requireNodeMap(doc, c)))[0]?.content).toEqual([
      { type: "text", text: "Analyser le " },
      { type: "text", text: "secteur", marks: [{ type: "bold" }] },
    ]);
    expect(readSuggestion(doc, id)).toMatchObject({
      status: "accepted",
      author: "u1",
      decidedBy: "u2",
      decidedAt: "2025-03-01T00:00:00.000Z",
      outdated: false,
    });
  });

  it("applies an insertion and a deletion, on a body and on a title", () => {
    const { doc, bloc, c } = setup();
    const end = BODY.indexOf("\n");
    const insert = suggestEdit(doc, {
      node: c,
      field: "body",
      range: { from: end, to: end },
      text: " local",
      author: "u1",
    });
    const remove = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "de "),
      text: "",
      author: "u1",
    });
    const title = suggestEdit(doc, {
      node: bloc,
      field: "title",
      range: { from: 0, to: 7 },
      text: "Conduire",
      author: "u1",
    });
    acceptSuggestion(doc, insert, "u2");
    acceptSuggestion(doc, remove, "u2");
    acceptSuggestion(doc, title, "u2");
    expect(bodyText(doc, c)).toBe("Analyser le marché local\nafin décider");
    expect(nodeTitle(requireNodeMap(doc, bloc)).toString()).toBe("Conduire un projet");
  });

  it("follows text typed before the range elsewhere, and applies at the right place", () => {
    const { doc, c } = setup();
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "marché"),
      text: "secteur",
      author: "u1",
    });
    const other = linked(doc);
    const leaf = textLeaves(nodeBody(requireNodeMap(other, c)))[0]!.text;
    other.transact(() => leaf.insert(0, "Savoir "));
    sync(doc, other);
    expect(readSuggestion(doc, id)).toMatchObject({
      outdated: false,
      anchor: { range: { from: 19, to: 25 } },
    });
    acceptSuggestion(doc, id, "u2");
    sync(doc, other);
    expect(bodyText(other, c)).toBe("Savoir Analyser le secteur\nafin de décider");
  });

  it("an edit inside the range since makes it outdated: never applied, never lost", () => {
    const { doc, c } = setup();
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "le marché"),
      text: "les marchés",
      author: "u1",
    });
    const other = linked(doc);
    const leaf = textLeaves(nodeBody(requireNodeMap(other, c)))[0]!.text;
    other.transact(() => leaf.insert(BODY.indexOf("marché"), "grand "));
    sync(doc, other);
    expect(readSuggestion(doc, id)).toMatchObject({ outdated: true, status: "open", original: "le marché" });
    expectRefused(doc, () => acceptSuggestion(doc, id, "u2"), OutdatedSuggestionError);
    expect(bodyText(doc, c)).toBe("Analyser le grand marché\nafin de décider");
    // Rejecting it is still possible; it stays listed.
    rejectSuggestion(doc, id, "u2");
    expect(readSuggestion(doc, id)).toMatchObject({
      status: "rejected",
      outdated: false,
      text: "les marchés",
    });
  });

  it("text typed at an insertion point makes the insertion outdated; a deleted range too", () => {
    const { doc, c } = setup();
    const point = BODY.indexOf(" le");
    const insert = suggestEdit(doc, {
      node: c,
      field: "body",
      range: { from: point, to: point },
      text: " bien",
      author: "u1",
    });
    const replace = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "décider"),
      text: "choisir",
      author: "u1",
    });
    const other = linked(doc);
    const leaf = textLeaves(nodeBody(requireNodeMap(other, c)))[0]!.text;
    other.transact(() => leaf.insert(point, " vite"));
    sync(doc, other);
    expect(readSuggestion(doc, insert)?.outdated).toBe(true);
    expect(readSuggestion(doc, replace)?.outdated).toBe(false);
    updateNode(other, c, { body: "Analyser le marché" });
    sync(doc, other);
    expect(readSuggestion(doc, replace)?.outdated).toBe(true);
    expect(readSuggestions(doc)).toHaveLength(2);
  });

  it("refuses a decided suggestion, and a bad decider, writing nothing", () => {
    const { doc, c } = setup();
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "marché"),
      text: "secteur",
      author: "u1",
    });
    expectRefused(doc, () => acceptSuggestion(doc, id, ""), /Auteur/);
    rejectSuggestion(doc, id, "u2");
    expectRefused(doc, () => acceptSuggestion(doc, id, "u2"), /déjà été traitée/);
    expectRefused(doc, () => rejectSuggestion(doc, id, "u2"), /déjà été traitée/);
    expect(bodyText(doc, c)).toBe(BODY);
  });

  it("converges when one replica accepts while another edits elsewhere", () => {
    const { doc, c, bloc } = setup();
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "marché"),
      text: "secteur",
      author: "u1",
    });
    const other = linked(doc);
    acceptSuggestion(doc, id, "u2");
    updateNode(other, bloc, { title: "Piloter un grand projet" });
    sync(doc, other);
    expect(bodyText(other, c)).toBe(bodyText(doc, c));
    expect(readSuggestions(other)).toEqual(readSuggestions(doc));
  });
});

describe("editing, withdrawing and discussing a suggestion", () => {
  it("only its author edits the proposed text, while it is open", () => {
    const { doc, c } = setup();
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "marché"),
      text: "secteur",
      author: "u1",
    });
    expectRefused(doc, () => editSuggestion(doc, id, "u2", "domaine"), /auteur/);
    editSuggestion(doc, id, "u1", "domaine");
    expect(readSuggestion(doc, id)).toMatchObject({ text: "domaine", editedAt: expect.any(String) });
    const remove = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "le "),
      text: "",
      author: "u1",
    });
    expectRefused(doc, () => editSuggestion(doc, remove, "u1", "la "), /suppression/);
    acceptSuggestion(doc, id, "u2");
    expectRefused(doc, () => editSuggestion(doc, id, "u1", "zone"), /déjà été traitée/);
  });

  it("replies are signed messages; only their author edits them; a withdrawn suggestion is gone", () => {
    const { doc, c } = setup();
    const id = suggestEdit(doc, {
      node: c,
      field: "body",
      range: at(BODY, "marché"),
      text: "secteur",
      author: "u1",
    });
    const reply = replyToSuggestion(doc, id, { author: "u2", body: "  Pourquoi ?  " });
    expectRefused(doc, () => editSuggestionReply(doc, id, reply, "u1", "Réécrit"), /auteur/);
    editSuggestionReply(doc, id, reply, "u2", "Pourquoi ce mot ?");
    expect(readSuggestion(doc, id)?.messages).toEqual([
      {
        id: reply,
        author: "u2",
        body: "Pourquoi ce mot ?",
        at: expect.any(String),
        editedAt: expect.any(String),
      },
    ]);
    deleteSuggestion(doc, id);
    expect(readSuggestions(doc)).toEqual([]);
    expect(() => replyToSuggestion(doc, id, { author: "u2", body: "x" })).toThrow(/introuvable/);
  });
});

describe("suggestTyping", () => {
  /** Types keys one by one into a field in « Suggérer » mode, as the editor does. */
  function typist(doc: Y.Doc, node: string, field: "title" | "body", author = "u1") {
    let current: string | null = null;
    let caret = 0;
    const send = (range: { from: number; to: number }, text: string, forward = false) => {
      const change: TypedChange = { node, field, range, text, author, forward };
      const result = suggestTyping(doc, change, current);
      current = result.id;
      caret = result.caret;
    };
    return {
      at: (offset: number) => {
        caret = offset;
      },
      type: (keys: string) => {
        for (const key of keys) send({ from: caret, to: caret }, key);
      },
      select: (range: { from: number; to: number }, text: string) => send(range, text),
      backspace: (times = 1) => {
        for (let i = 0; i < times; i++) send({ from: Math.max(0, caret - 1), to: caret }, "");
      },
      forwardDelete: (times = 1) => {
        for (let i = 0; i < times; i++) send({ from: caret, to: caret + 1 }, "", true);
      },
      get current() {
        return current;
      },
      get caret() {
        return caret;
      },
    };
  }

  it("typing into an empty statement is refused with a message about the empty text", () => {
    const { doc, bloc } = setup();
    const empty = addNode(doc, { kind: "competency", body: "" }, { parent: bloc });
    expectRefused(doc, () => typist(doc, empty, "body").type("a"), /^Ce texte est vide : .*commentaire$/);
  });

  it("typed words at a caret are one insertion, and Backspace takes typed letters back first", () => {
    const { doc, c } = setup();
    const keys = typist(doc, c, "body");
    keys.at(BODY.indexOf(" le"));
    keys.type(" vite");
    expect(readSuggestions(doc)).toHaveLength(1);
    expect(readSuggestion(doc, keys.current!)).toMatchObject({ kind: "insert", text: " vite", original: "" });
    keys.backspace(2);
    expect(readSuggestion(doc, keys.current!)).toMatchObject({ kind: "insert", text: " vi" });
    keys.backspace(3);
    expect(keys.current).toBeNull();
    expect(readSuggestions(doc)).toEqual([]);
    // The content never changed.
    expect(bodyText(doc, c)).toBe(BODY);
  });

  it("a selection typed over is one replacement that grows with the typing; accepted, it is the text", () => {
    const { doc, c } = setup();
    const keys = typist(doc, c, "body");
    keys.select(at(BODY, "marché"), "s");
    keys.type("ecteur");
    expect(readSuggestions(doc)).toHaveLength(1);
    expect(readSuggestion(doc, keys.current!)).toMatchObject({
      kind: "replace",
      original: "marché",
      text: "secteur",
      author: "u1",
    });
    // Taking every typed letter back leaves the deletion of the selection.
    keys.backspace(7);
    expect(readSuggestion(doc, keys.current!)).toMatchObject({
      kind: "delete",
      original: "marché",
      text: "",
    });
    keys.type("client");
    acceptSuggestion(doc, keys.current!, "u2");
    expect(bodyText(doc, c)).toBe("Analyser le client\nafin de décider");
  });

  it("Backspace and Delete next to a deletion widen it; typing after Backspace replaces what it deletes", () => {
    const { doc, c } = setup();
    const keys = typist(doc, c, "body");
    keys.at(at(BODY, "marché").to);
    keys.backspace(6);
    expect(readSuggestions(doc)).toHaveLength(1);
    expect(readSuggestion(doc, keys.current!)).toMatchObject({ kind: "delete", original: "marché" });
    expect(keys.caret).toBe(at(BODY, "marché").from);
    keys.type("prix");
    expect(readSuggestions(doc)).toHaveLength(1);
    expect(readSuggestion(doc, keys.current!)).toMatchObject({
      kind: "replace",
      original: "marché",
      text: "prix",
    });

    const ahead = typist(doc, c, "body");
    ahead.at(0);
    ahead.forwardDelete(9);
    expect(readSuggestion(doc, ahead.current!)).toMatchObject({ kind: "delete", original: "Analyser " });
    expect(ahead.caret).toBe(9);
  });

  it("works in a title; someone else's suggestion or one its text outran is not continued", () => {
    const { doc, bloc } = setup();
    const mine = typist(doc, bloc, "title", "u1");
    mine.at("Piloter".length);
    mine.type(" et suivre");
    const theirs = typist(doc, bloc, "title", "u2");
    theirs.at("Piloter".length);
    theirs.type("!");
    expect(
      readSuggestions(doc)
        .map((s) => [s.author, s.text])
        .sort(),
    ).toEqual([
      ["u1", " et suivre"],
      ["u2", "!"],
    ]);
    // Someone typed at my insertion point: it is outdated, my next key starts a new suggestion.
    doc.transact(() => nodeTitle(requireNodeMap(doc, bloc)).insert("Piloter".length, "X"));
    const before = mine.current;
    mine.at("PiloterX".length);
    mine.type("s");
    expect(mine.current).not.toBe(before);
    expect(readSuggestion(doc, before!)).toMatchObject({ outdated: true, text: " et suivre" });
  });

  it("refuses a line break and a passage across paragraphs, writing nothing", () => {
    const { doc, c } = setup();
    const keys = typist(doc, c, "body");
    keys.at(2);
    expectRefused(doc, () => keys.type("\n"), /retour à la ligne/);
    expectRefused(
      doc,
      () => keys.select({ from: 5, to: BODY.indexOf("afin") + 2 }, "x"),
      /un seul paragraphe/,
    );
  });
});
