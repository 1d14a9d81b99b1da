import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addNode, createReferential } from "./commands.ts";
import {
  addComment,
  deleteThread,
  editComment,
  reopenThread,
  replyToComment,
  resolveThread,
} from "./comments.ts";
import { LOCAL_ORIGIN } from "./layout.ts";
import { CommentThread, LIMITS } from "./model.ts";
import { readThread, readThreads } from "./projection.ts";
import { transactionsOf } from "./testing.ts";

function setup() {
  const doc = new Y.Doc();
  createReferential(doc, { title: "T" });
  const bloc = addNode(doc, { kind: "bloc", title: "Piloter un projet" }, { parent: null });
  const c = addNode(
    doc,
    { kind: "competency", title: "Analyse", body: "Analyser le marché\nafin de décider" },
    { parent: bloc },
  );
  return { doc, bloc, c };
}

function expectRefused(doc: Y.Doc, fn: () => unknown, message: RegExp): void {
  const before = Y.encodeStateVector(doc);
  const threads = readThreads(doc);
  expect(fn).toThrow(message);
  expect(Y.encodeStateVector(doc)).toEqual(before);
  expect(readThreads(doc)).toEqual(threads);
}

describe("addComment", () => {
  it("opens a thread on a whole node with its first message", () => {
    const { doc, bloc } = setup();
    const id = addComment(
      doc,
      { node: bloc },
      { author: "u1", body: "  Intitulé trop vague  ", at: "2025-01-02T03:04:05.000Z" },
    );
    const thread = readThread(doc, id);
    expect(thread).toEqual({
      id,
      anchor: { node: bloc },
      status: "open",
      orphaned: false,
      messages: [
        {
          id: thread?.messages[0]?.id,
          author: "u1",
          body: "Intitulé trop vague",
          at: "2025-01-02T03:04:05.000Z",
        },
      ],
    });
    expect(CommentThread.parse(thread)).toEqual(thread);
  });

  it("stamps the message with the current time by default", () => {
    const { doc, bloc } = setup();
    const before = Date.now();
    const id = addComment(doc, { node: bloc }, { author: "u1", body: "x" });
    const at = Date.parse(readThread(doc, id)?.messages[0]?.at ?? "");
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("anchors on a field, or on a range of a title or a body", () => {
    const { doc, c } = setup();
    const onField = addComment(doc, { node: c, field: "body" }, { author: "u1", body: "a" });
    const onTitle = addComment(
      doc,
      { node: c, field: "title", range: { from: 0, to: 7 } },
      { author: "u1", body: "b" },
    );
    const onBody = addComment(
      doc,
      { node: c, field: "body", range: { from: 9, to: 34 } },
      { author: "u1", body: "c" },
    );
    expect(readThread(doc, onField)?.anchor).toEqual({ node: c, field: "body" });
    expect(readThread(doc, onTitle)?.anchor).toEqual({ node: c, field: "title", range: { from: 0, to: 7 } });
    expect(readThread(doc, onBody)).toMatchObject({
      orphaned: false,
      anchor: { node: c, field: "body", range: { from: 9, to: 34 } },
    });
  });

  it("uses the given id and may open a thread already orphaned (imports)", () => {
    const { doc, c } = setup();
    expect(
      addComment(doc, { node: c }, { author: "u1", body: "x" }, { id: "thread_1", orphaned: true }),
    ).toBe("thread_1");
    expect(readThread(doc, "thread_1")?.orphaned).toBe(true);
    const imported = addComment(doc, { node: "gone" }, { author: "u1", body: "x" }, { orphaned: true });
    expect(readThread(doc, imported)).toMatchObject({ anchor: { node: "gone" }, orphaned: true });
  });

  it("refuses bad input and writes nothing", () => {
    const { doc, c } = setup();
    const author = { author: "u1", body: "ok" };
    expectRefused(doc, () => addComment(doc, { node: c }, { author: "u1", body: "   " }), /vide/);
    expectRefused(
      doc,
      () => addComment(doc, { node: c }, { author: "u1", body: "x".repeat(LIMITS.commentChars + 1) }),
      /trop long/,
    );
    expectRefused(doc, () => addComment(doc, { node: c }, { author: "", body: "x" }), /Auteur/);
    expectRefused(doc, () => addComment(doc, { node: "absent" }, author), /introuvable/);
    expectRefused(doc, () => addComment(doc, { node: c, range: { from: 0, to: 2 } }, author), /champ/);
    expectRefused(
      doc,
      () => addComment(doc, { node: c, field: "body", range: { from: 3, to: 3 } }, author),
      /vide/,
    );
    expectRefused(
      doc,
      () => addComment(doc, { node: c, field: "title", range: { from: 0, to: 99 } }, author),
      /hors du texte/,
    );
    expectRefused(
      doc,
      () => addComment(doc, { node: c, field: "body", range: { from: 0, to: 99 } }, author),
      /hors du texte/,
    );
    expectRefused(
      doc,
      () => addComment(doc, { node: c, field: "body", range: { from: -1, to: 2 } }, author),
      /range\.from/,
    );
    expectRefused(doc, () => addComment(doc, { node: c, field: "prerequis" } as never, author), /field/);
    expectRefused(doc, () => addComment(doc, { node: c }, author, { id: "x y" }), /Identifiant invalide/);
    const id = addComment(doc, { node: c }, author);
    expectRefused(doc, () => addComment(doc, { node: c }, author, { id }), /déjà utilisé/);
  });
});

describe("replies, edits, status and deletion", () => {
  it("appends replies in order and returns their id", () => {
    const { doc, c } = setup();
    const thread = addComment(doc, { node: c }, { author: "u1", body: "Question", at: "1" });
    const r1 = replyToComment(doc, thread, { author: "u2", body: "Réponse", at: "2" });
    const r2 = replyToComment(doc, thread, { author: "u1", body: "Merci", at: "3", id: "msg_3" });
    expect(r2).toBe("msg_3");
    expect(
      readThread(doc, thread)
        ?.messages.map((m) => [m.id, m.author, m.body, m.at])
        .slice(1),
    ).toEqual([
      [r1, "u2", "Réponse", "2"],
      ["msg_3", "u1", "Merci", "3"],
    ]);
  });

  it("refuses a reply to a missing thread, an empty reply, a reused id", () => {
    const { doc, c } = setup();
    const thread = addComment(doc, { node: c }, { author: "u1", body: "Question" });
    const reply = replyToComment(doc, thread, { author: "u2", body: "Réponse" });
    expectRefused(doc, () => replyToComment(doc, "absent", { author: "u1", body: "x" }), /introuvable/);
    expectRefused(doc, () => replyToComment(doc, thread, { author: "u1", body: "" }), /vide/);
    expectRefused(
      doc,
      () => replyToComment(doc, thread, { author: "u1", body: "x", id: reply }),
      /déjà utilisé/,
    );
  });

  it("lets only the author edit a message, and records when", () => {
    const { doc, c } = setup();
    const thread = addComment(doc, { node: c }, { author: "u1", body: "Question" });
    const reply = replyToComment(doc, thread, { author: "u2", body: "Réponse" });
    expect(readThread(doc, thread)?.messages[1]?.editedAt).toBeUndefined();
    expectRefused(doc, () => editComment(doc, thread, reply, "u1", "Piraté"), /Seul l'auteur/);
    expectRefused(doc, () => editComment(doc, thread, "absent", "u2", "x"), /Message introuvable/);
    expectRefused(doc, () => editComment(doc, thread, reply, "u2", "  "), /vide/);
    expectRefused(doc, () => editComment(doc, "absent", reply, "u2", "x"), /introuvable/);
    const before = Date.now();
    editComment(doc, thread, reply, "u2", " Réponse corrigée ");
    const edited = readThread(doc, thread)?.messages[1];
    expect(edited?.body).toBe("Réponse corrigée");
    expect(Date.parse(edited?.editedAt ?? "")).toBeGreaterThanOrEqual(before - 1);
    expect(readThread(doc, thread)?.messages[0]).toMatchObject({ body: "Question", author: "u1" });
    expect(readThread(doc, thread)?.messages[0]?.editedAt).toBeUndefined();
  });

  it("resolves, reopens and deletes a thread", () => {
    const { doc, c } = setup();
    const thread = addComment(doc, { node: c }, { author: "u1", body: "Question" });
    const other = addComment(doc, { node: c }, { author: "u1", body: "Autre" });
    resolveThread(doc, thread);
    expect(readThread(doc, thread)?.status).toBe("resolved");
    resolveThread(doc, thread);
    expect(readThread(doc, thread)?.status).toBe("resolved");
    reopenThread(doc, thread);
    expect(readThread(doc, thread)?.status).toBe("open");
    deleteThread(doc, thread);
    expect(readThread(doc, thread)).toBeUndefined();
    expect(readThreads(doc).map((t) => t.id)).toEqual([other]);
    expectRefused(doc, () => resolveThread(doc, thread), /introuvable/);
    expectRefused(doc, () => reopenThread(doc, thread), /introuvable/);
    expectRefused(doc, () => deleteThread(doc, thread), /introuvable/);
  });

  it("makes every comment command one LOCAL_ORIGIN transaction", () => {
    const { doc, c } = setup();
    let thread = "";
    let reply = "";
    const run = (fn: () => void) => expect(transactionsOf(doc, fn)).toEqual([LOCAL_ORIGIN]);
    run(
      () =>
        (thread = addComment(
          doc,
          { node: c, field: "body", range: { from: 0, to: 8 } },
          { author: "u1", body: "a" },
        )),
    );
    run(() => (reply = replyToComment(doc, thread, { author: "u2", body: "b" })));
    run(() => editComment(doc, thread, reply, "u2", "c"));
    run(() => resolveThread(doc, thread));
    run(() => reopenThread(doc, thread));
    run(() => deleteThread(doc, thread));
  });

  it("merges concurrent replies from two replicas without losing one", () => {
    const { doc: a, c } = setup();
    const thread = addComment(a, { node: c }, { author: "u1", body: "Question" });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replyToComment(a, thread, { author: "u1", body: "De A" });
    replyToComment(b, thread, { author: "u2", body: "De B" });
    resolveThread(b, thread);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readThreads(a)).toEqual(readThreads(b));
    expect(
      readThread(a, thread)
        ?.messages.map((m) => m.body)
        .sort(),
    ).toEqual(["De A", "De B", "Question"]);
    expect(readThread(a, thread)?.status).toBe("resolved");
  });
});
