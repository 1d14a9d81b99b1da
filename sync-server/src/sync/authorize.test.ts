import {
  acceptSuggestion,
  addComment,
  addNode,
  clearLinks,
  commentsMap,
  createReferential,
  DOC_SCHEMA_VERSION,
  deleteNode,
  deleteSuggestion,
  deleteThread,
  editComment,
  editSuggestion,
  editSuggestionReply,
  metaMap,
  moveNode,
  NODE_KEYS,
  nodesMap,
  nodeTitle,
  pinCode,
  readSuggestion,
  rejectSuggestion,
  reopenThread,
  replyToComment,
  replyToSuggestion,
  requireNodeMap,
  resolveThread,
  SUGGESTION_KEYS,
  setLink,
  setMeta,
  suggestEdit,
  suggestionsMap,
  suggestTyping,
  THREAD_KEYS,
  updateNode,
} from "@refstudio/schema";
import { beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Role } from "../store/types.ts";
import { authorizeUpdate, type Verdict } from "./authorize.ts";
import { inspectUpdate, UnresolvableUpdateError } from "./update-inspection.ts";

/** A server document and one client replica of it; `edit` returns what the client would send. */
class Scenario {
  readonly server = new Y.Doc();
  readonly client = new Y.Doc();
  bloc = "";
  competency = "";
  criterion = "";
  thread = "";

  constructor() {
    createReferential(this.server, { title: "Titre" });
    this.bloc = addNode(this.server, { kind: "bloc", title: "Bloc 1" }, { parent: null });
    this.competency = addNode(
      this.server,
      { kind: "competency", title: "C", body: "Analyser le marché afin de décider" },
      { parent: this.bloc },
    );
    this.criterion = addNode(
      this.server,
      { kind: "criterion", body: "Le marché est analysé" },
      { parent: this.bloc },
    );
    this.thread = addComment(this.server, { node: this.competency }, { author: "alice", body: "Premier" });
    this.sync();
  }

  sync(): void {
    Y.applyUpdate(this.client, Y.encodeStateAsUpdate(this.server, Y.encodeStateVector(this.client)));
  }

  /** Runs an edit on the client and returns the update(s) it emitted, merged. */
  edit(fn: (doc: Y.Doc) => void): Uint8Array {
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array) => updates.push(update);
    this.client.on("update", listener);
    fn(this.client);
    this.client.off("update", listener);
    return Y.mergeUpdates(updates);
  }

  judge(update: Uint8Array, role: Role, userId = "bob"): Verdict {
    return authorizeUpdate(inspectUpdate(this.server, update), { role, userId });
  }

  /** Edits, judges, and applies to the server when accepted (as the room does). */
  send(role: Role, fn: (doc: Y.Doc) => void, userId = "bob"): Verdict {
    const update = this.edit(fn);
    const verdict = this.judge(update, role, userId);
    if (verdict.ok) Y.applyUpdate(this.server, update);
    else this.resetClient();
    return verdict;
  }

  /** After a refusal the client's replica diverged: start from the server's state again. */
  private resetClient(): void {
    (this as { client: Y.Doc }).client = new Y.Doc();
    this.sync();
  }

  messageIds(): string[] {
    return messagesOf(this.server, this.thread)
      .toArray()
      .map((m) => m.get("id") as string);
  }
}

const titleOf = (doc: Y.Doc, id: string) => nodeTitle(requireNodeMap(doc, id));
const messagesOf = (doc: Y.Doc, thread: string) =>
  commentsMap(doc).get(thread)?.get(THREAD_KEYS.messages) as Y.Array<Y.Map<unknown>>;
const codeOf = (verdict: Verdict) => (verdict.ok ? "ok" : verdict.code);

let s: Scenario;
beforeEach(() => {
  s = new Scenario();
});

describe("content commands", () => {
  const contentEdits: Record<string, (sc: Scenario) => (doc: Y.Doc) => void> = {
    "add a bloc": () => (doc) => addNode(doc, { kind: "bloc", title: "B2" }, { parent: null }),
    "add each kind under a bloc": (sc) => (doc) => {
      for (const kind of ["activity", "competency", "criterion", "modality"] as const) {
        addNode(doc, { kind, title: kind, body: "texte" }, { parent: sc.bloc });
      }
      addNode(
        doc,
        { kind: "modality", modalityType: "dossier", grouping: "group", duration: "2 h" },
        { parent: null },
      );
    },
    "type in a title": (sc) => (doc) => titleOf(doc, sc.competency).insert(1, "ompétence"),
    "replace fields": (sc) => (doc) =>
      updateNode(doc, sc.competency, { title: "Nouveau", body: "Autre texte" }),
    "move a node": (sc) => (doc) => moveNode(doc, sc.competency, { parent: sc.bloc, index: 0 }),
    "link and unlink": (sc) => (doc) => {
      setLink(doc, sc.criterion, "evaluates", sc.competency);
      clearLinks(doc, sc.criterion, "evaluates");
    },
    "pin and unpin a code": (sc) => (doc) => {
      pinCode(doc, sc.bloc, "BC01");
      pinCode(doc, sc.bloc, null);
    },
    "set meta fields": () => (doc) =>
      setMeta(doc, {
        title: "Chef de projet",
        level: "NIV6",
        nsf: ["310"],
        certifiers: [{ name: "École", siret: "12345678901234" }],
        activitesVisees: [{ type: "paragraph", content: [{ type: "text", text: "Piloter" }] }],
      }),
    "delete a node": (sc) => (doc) => deleteNode(doc, sc.bloc),
  };

  for (const [name, edit] of Object.entries(contentEdits)) {
    it(`${name}: accepted from owners and editors, refused from reviewers and viewers`, () => {
      for (const role of ["owner", "editor", "reviewer", "viewer"] as const) {
        const scenario = new Scenario();
        const verdict = scenario.send(role, edit(scenario));
        expect(codeOf(verdict), `${name} as ${role}`).toBe(
          role === "owner" || role === "editor" ? "ok" : 4403,
        );
      }
    });
  }

  it("an accepted edit lands in the server's document", () => {
    expect(s.send("editor", (doc) => updateNode(doc, s.competency, { title: "Nouveau" })).ok).toBe(true);
    expect(titleOf(s.server, s.competency).toString()).toBe("Nouveau");
  });

  it("a viewer's sync step 2 that brings nothing new is accepted", () => {
    const update = Y.encodeStateAsUpdate(s.client, Y.encodeStateVector(s.server));
    const inspection = inspectUpdate(s.server, update);
    expect(inspection.empty).toBe(true);
    expect(codeOf(authorizeUpdate(inspection, { role: "viewer", userId: "v" }))).toBe("ok");
  });

  it("a resent update that the server already has is empty", () => {
    const update = s.edit((doc) => updateNode(doc, s.competency, { title: "X" }));
    Y.applyUpdate(s.server, update);
    expect(inspectUpdate(s.server, update).empty).toBe(true);
    expect(codeOf(s.judge(update, "viewer"))).toBe("ok");
  });

  it("a reviewer mixing a comment and a content change is refused as a whole", () => {
    const verdict = s.send("reviewer", (doc) => {
      replyToComment(doc, s.thread, { author: "bob", body: "ok" });
      updateNode(doc, s.competency, { title: "piraté" });
    });
    expect(codeOf(verdict)).toBe(4403);
    expect(s.messageIds()).toHaveLength(1);
  });
});

describe("comments", () => {
  it("a reviewer opens, replies to, resolves and reopens threads, and edits their own message", () => {
    expect(
      codeOf(s.send("reviewer", (doc) => addComment(doc, { node: s.bloc }, { author: "bob", body: "Fil" }))),
    ).toBe("ok");
    expect(
      codeOf(
        s.send("reviewer", (doc) =>
          addComment(
            doc,
            { node: s.competency, field: "title", range: { from: 0, to: 1 } },
            { author: "bob", body: "Sur le texte" },
          ),
        ),
      ),
    ).toBe("ok");
    const reply = "reply0000000001";
    expect(
      codeOf(
        s.send("reviewer", (doc) => replyToComment(doc, s.thread, { author: "bob", body: "Oui", id: reply })),
      ),
    ).toBe("ok");
    expect(codeOf(s.send("reviewer", (doc) => resolveThread(doc, s.thread)))).toBe("ok");
    expect(codeOf(s.send("reviewer", (doc) => reopenThread(doc, s.thread)))).toBe("ok");
    expect(
      codeOf(s.send("reviewer", (doc) => editComment(doc, s.thread, reply, "bob", "Oui, corrigé"))),
    ).toBe("ok");
    expect(commentsMap(s.server).size).toBe(3);
  });

  it("nobody signs a message with someone else's id, whatever the role", () => {
    for (const role of ["owner", "editor", "reviewer"] as const) {
      const sc = new Scenario();
      expect(
        codeOf(sc.send(role, (doc) => replyToComment(doc, sc.thread, { author: "alice", body: "faux" }))),
      ).toBe(4403);
      expect(
        codeOf(sc.send(role, (doc) => addComment(doc, { node: sc.bloc }, { author: "alice", body: "x" }))),
      ).toBe(4403);
    }
  });

  it("a message without an author is refused", () => {
    const verdict = s.send("reviewer", (doc) => {
      const messages = commentsMap(doc).get(s.thread)?.get(THREAD_KEYS.messages) as Y.Array<Y.Map<unknown>>;
      const message = new Y.Map<unknown>();
      message.set("id", "m2");
      message.set("body", "anonyme");
      messages.push([message]);
    });
    expect(codeOf(verdict)).toBe(4403);
  });

  it("only its author edits a message, even an owner cannot", () => {
    for (const role of ["owner", "editor", "reviewer"] as const) {
      const sc = new Scenario();
      const [first] = sc.messageIds();
      const verdict = sc.send(role, (doc) =>
        editComment(doc, sc.thread, first as string, "alice", "réécrit"),
      );
      expect(codeOf(verdict), role).toBe(4403);
    }
    const [first] = s.messageIds();
    expect(
      codeOf(
        s.send("reviewer", (doc) => editComment(doc, s.thread, first as string, "alice", "moi"), "alice"),
      ),
    ).toBe("ok");
  });

  it("the author of a message cannot be rewritten, even by that author", () => {
    const verdict = s.send(
      "reviewer",
      (doc) => {
        const messages = commentsMap(doc).get(s.thread)?.get(THREAD_KEYS.messages) as Y.Array<Y.Map<unknown>>;
        messages.get(0).set("author", "bob");
      },
      "alice",
    );
    expect(codeOf(verdict)).toBe(4403);
  });

  it("only owners and editors delete a thread", () => {
    expect(codeOf(s.send("reviewer", (doc) => deleteThread(doc, s.thread)))).toBe(4403);
    expect(commentsMap(s.server).has(s.thread)).toBe(true);
    expect(codeOf(s.send("editor", (doc) => deleteThread(doc, s.thread)))).toBe("ok");
    expect(commentsMap(s.server).has(s.thread)).toBe(false);
  });

  it("a reviewer cannot replace a thread by writing over its entry", () => {
    const verdict = s.send("reviewer", (doc) => {
      const thread = new Y.Map<unknown>();
      thread.set(THREAD_KEYS.status, "open");
      commentsMap(doc).set(s.thread, thread);
    });
    expect(codeOf(verdict)).toBe(4403);
  });

  it("a reviewer cannot replace a thread with a write that carries no deletion", () => {
    // A fresh replica (no origin for the key) writes the same thread id: Yjs lets the higher
    // client id win and deletes the other value, without any delete set entry.
    const rogue = new Y.Doc();
    rogue.clientID = 0xffffffff;
    const updates: Uint8Array[] = [];
    rogue.on("update", (u: Uint8Array) => updates.push(u));
    rogue.transact(() => {
      const thread = new Y.Map<unknown>();
      thread.set(THREAD_KEYS.status, "open");
      commentsMap(rogue).set(s.thread, thread);
    });
    const update = updates[0] as Uint8Array;
    const inspection = inspectUpdate(s.server, update);
    expect(inspection.changes.some((c) => c.op === "delete")).toBe(false);
    expect(codeOf(authorizeUpdate(inspection, { role: "reviewer", userId: "bob" }))).toBe(4403);
    expect(codeOf(authorizeUpdate(inspection, { role: "editor", userId: "bob" }))).toBe("ok");
    Y.applyUpdate(s.server, update);
    expect(commentsMap(s.server).get(s.thread)?.has(THREAD_KEYS.messages)).toBe(false);
  });

  it("a reviewer cannot delete someone else's message, its author can", () => {
    const remove = (doc: Y.Doc) => messagesOf(doc, s.thread).delete(0, 1);
    expect(codeOf(s.send("reviewer", remove, "bob"))).toBe(4403);
    expect(codeOf(s.send("reviewer", remove, "alice"))).toBe("ok");
  });
});

describe("structure", () => {
  const structureEdits: Record<string, (sc: Scenario) => (doc: Y.Doc) => void> = {
    "an unknown root": () => (doc) => doc.getMap("evil").set("x", 1),
    "an unknown root written as text": () => (doc) => doc.getText("evil").insert(0, "x"),
    "a node of unknown kind": (sc) => (doc) => nodesMap(doc).get(sc.bloc)?.set(NODE_KEYS.kind, "chapitre"),
    "a title that is not a Y.Text": (sc) => (doc) =>
      nodesMap(doc).get(sc.bloc)?.set(NODE_KEYS.title, "texte brut"),
    "a numeric parent": (sc) => (doc) => nodesMap(doc).get(sc.competency)?.set(NODE_KEYS.parent, 3),
    "an order that is not a string": (sc) => (doc) =>
      nodesMap(doc).get(sc.competency)?.set(NODE_KEYS.order, null),
    "a node that is not a map": () => (doc) =>
      nodesMap(doc).set("n1", "pas une table" as unknown as Y.Map<unknown>),
    "a body that is a Y.Text": (sc) => (doc) =>
      nodesMap(doc).get(sc.bloc)?.set(NODE_KEYS.body, new Y.Text("x")),
    "an unknown node key": (sc) => (doc) => nodesMap(doc).get(sc.bloc)?.set("script", "alert(1)"),
    "a root named like an object property": () => (doc) => doc.getMap("constructor").set("x", 1),
    "a node key named like an object property": (sc) => (doc) =>
      nodesMap(doc).get(sc.bloc)?.set("toString", "x"),
    "a value under a key named like an object property": (sc) => (doc) => {
      const links = requireNodeMap(doc, sc.criterion).get(NODE_KEYS.links) as Y.Map<unknown>;
      links.set("hasOwnProperty", new Y.Map());
    },
    "the schema version": () => (doc) => metaMap(doc).set("schemaVersion", 99),
    "a link that is not true": (sc) => (doc) =>
      (requireNodeMap(doc, sc.criterion).get(NODE_KEYS.links) as Y.Map<Y.Map<unknown>>)
        .get("evaluates")
        ?.set(sc.competency, "oui"),
    "a sequence item in a map": () => (doc) => {
      const array = new Y.Array<unknown>();
      metaMap(doc).set("title", array as unknown as string);
    },
    "a bad thread status": (sc) => (doc) => commentsMap(doc).get(sc.thread)?.set(THREAD_KEYS.status, "fermé"),
    "a sub-document": (sc) => (doc) =>
      nodesMap(doc)
        .get(sc.bloc)
        ?.set(NODE_KEYS.body, new Y.Doc() as never),
  };

  for (const [name, edit] of Object.entries(structureEdits)) {
    it(`${name} is refused even from an owner`, () => {
      expect(codeOf(s.send("owner", edit(s)))).toBe(4409);
    });
  }

  it("deleting the schema version is refused", () => {
    expect(codeOf(s.send("owner", (doc) => metaMap(doc).delete("schemaVersion")))).toBe(4409);
    expect(metaMap(s.server).get("schemaVersion")).toBe(DOC_SCHEMA_VERSION);
  });
});

describe("resolution", () => {
  it("an update that depends on one the server never received cannot be resolved", () => {
    s.edit((doc) => addNode(doc, { kind: "bloc", title: "B" }, { parent: null }));
    const second = s.edit((doc) => {
      const bloc = [...nodesMap(doc).keys()].find(
        (id) => id !== s.bloc && nodesMap(doc).get(id)?.get("kind") === "bloc",
      );
      titleOf(doc, bloc as string).insert(1, "2");
    });
    expect(() => inspectUpdate(s.server, second)).toThrow(UnresolvableUpdateError);
  });

  it("an update that skips part of a client's history is refused, even when it needs nothing else", () => {
    // Two independent writes by one client: the second one's clocks follow the first one's.
    s.edit((doc) => metaMap(doc).set("rncpCode", "RNCP1234"));
    const second = s.edit((doc) => metaMap(doc).set("title", "Sans le premier"));
    const [struct] = Y.decodeUpdate(second).structs as Y.Item[];
    expect(struct?.id.clock).toBeGreaterThan(0);
    // It refers only to what the server has: the gap alone makes it unresolvable.
    expect(struct?.origin?.client).not.toBe(struct?.id.client);
    expect(() => inspectUpdate(s.server, second)).toThrow(/trou dans l'historique/);
  });

  it("deleting an item the server does not have cannot be resolved", () => {
    const first = s.edit((doc) => titleOf(doc, s.bloc).insert(0, "x"));
    const second = s.edit((doc) => titleOf(doc, s.bloc).delete(0, 1));
    expect(() => inspectUpdate(s.server, second)).toThrow(UnresolvableUpdateError);
    Y.applyUpdate(s.server, first);
    expect(codeOf(s.judge(second, "editor"))).toBe("ok");
  });

  it("garbage is not an update", () => {
    expect(() => inspectUpdate(s.server, new Uint8Array([1, 2, 3, 200, 201]))).toThrow();
  });

  it("typing into a node that another user deleted meanwhile is accepted and changes nothing", () => {
    deleteNode(s.server, s.competency);
    const update = s.edit((doc) => titleOf(doc, s.competency).insert(0, "z"));
    const inspection = inspectUpdate(s.server, update);
    expect(inspection.changes).toHaveLength(0);
    expect(codeOf(authorizeUpdate(inspection, { role: "editor", userId: "bob" }))).toBe("ok");
  });

  it("resolves long chains of structs (a paragraph typed key by key, sent at once)", () => {
    const update = s.edit((doc) => {
      const title = titleOf(doc, s.bloc);
      for (let i = 0; i < 3000; i++) doc.transact(() => title.insert(i % 2 === 0 ? title.length : 0, "a"));
    });
    const inspection = inspectUpdate(s.server, update);
    expect(inspection.changes.length).toBeGreaterThan(0);
    expect(inspection.changes.every((c) => c.location.root === "nodes" && c.location.path.length === 2)).toBe(
      true,
    );
    expect(codeOf(authorizeUpdate(inspection, { role: "reviewer", userId: "bob" }))).toBe(4403);
    expect(codeOf(authorizeUpdate(inspection, { role: "editor", userId: "bob" }))).toBe("ok");
  });

  it("an update partly known to the server is judged on its new part", () => {
    const first = s.edit((doc) => titleOf(doc, s.bloc).insert(0, "ab"));
    const second = s.edit((doc) => titleOf(doc, s.bloc).insert(2, "cd"));
    Y.applyUpdate(s.server, first);
    const both = Y.mergeUpdates([first, second]);
    const inspection = inspectUpdate(s.server, both);
    expect(inspection.changes.filter((c) => c.op === "insert")).toHaveLength(1);
    expect(codeOf(authorizeUpdate(inspection, { role: "editor", userId: "bob" }))).toBe("ok");
    Y.applyUpdate(s.server, both);
    expect(titleOf(s.server, s.bloc).toString()).toBe("abcdBloc 1");
  });

  it("locates inserts and deletes by root, containers and key", () => {
    const update = s.edit((doc) => updateNode(doc, s.competency, { title: "Nouveau" }));
    const { changes } = inspectUpdate(s.server, update);
    const inserts = changes.filter((c) => c.op === "insert");
    const deletes = changes.filter((c) => c.op === "delete");
    expect(inserts.length).toBeGreaterThan(0);
    expect(deletes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change.location.root).toBe("nodes");
      expect(change.location.path.map((p) => p.key)).toEqual([s.competency, "title"]);
      expect(change.location.key).toBeNull();
    }
  });
});

describe("suggestions", () => {
  const BODY = "Analyser le marché afin de décider";
  const marche = { from: BODY.indexOf("marché"), to: BODY.indexOf("marché") + 6 };
  /** A suggestion by `author` (made on the server, as if accepted earlier). */
  const made = (sc: Scenario, author = "bob", text = "secteur") => {
    const id = suggestEdit(sc.server, { node: sc.competency, field: "body", range: marche, text, author });
    sc.sync();
    return id;
  };
  const suggest = (sc: Scenario, author: string) => (doc: Y.Doc) =>
    suggestEdit(doc, { node: sc.competency, field: "body", range: marche, text: "secteur", author });

  it("anyone who may comment suggests, signed with their own id; a viewer cannot", () => {
    for (const role of ["owner", "editor", "reviewer"] as const) {
      const sc = new Scenario();
      expect(codeOf(sc.send(role, suggest(sc, "bob"))), role).toBe("ok");
      expect(codeOf(sc.send(role, suggest(sc, "alice"))), `${role} forging`).toBe(4403);
    }
    expect(codeOf(s.send("viewer", suggest(s, "bob")))).toBe(4403);
    expect(suggestionsMap(s.server).size).toBe(0);
  });

  it("a suggestion cannot be made already accepted, nor without author", () => {
    const verdict = s.send("reviewer", (doc) => {
      const id = suggest(s, "bob")(doc);
      suggestionsMap(doc).get(id)?.set(SUGGESTION_KEYS.status, "accepted");
    });
    expect(codeOf(verdict)).toBe(4403);
    const anonymous = s.send("reviewer", (doc) => {
      const id = suggest(s, "bob")(doc);
      suggestionsMap(doc).get(id)?.delete(SUGGESTION_KEYS.author);
    });
    expect(codeOf(anonymous)).toBe(4403);
  });

  it("only owners and editors accept or reject, in their own name", () => {
    const id = made(s);
    expect(codeOf(s.send("reviewer", (doc) => acceptSuggestion(doc, id, "bob")))).toBe(4403);
    expect(codeOf(s.send("reviewer", (doc) => rejectSuggestion(doc, id, "bob")))).toBe(4403);
    expect(codeOf(s.send("editor", (doc) => acceptSuggestion(doc, id, "alice"), "carol"))).toBe(4403);
    expect(readSuggestion(s.server, id)?.status).toBe("open");
    expect(codeOf(s.send("editor", (doc) => acceptSuggestion(doc, id, "carol"), "carol"))).toBe("ok");
    expect(readSuggestion(s.server, id)).toMatchObject({
      status: "accepted",
      decidedBy: "carol",
      author: "bob",
    });
    const other = made(s, "bob", "domaine");
    expect(codeOf(s.send("owner", (doc) => rejectSuggestion(doc, other, "dan"), "dan"))).toBe("ok");
  });

  it("a reviewer's accept is refused as a whole: the content is not changed either", () => {
    const id = made(s);
    const before = Y.encodeStateVector(s.server);
    expect(codeOf(s.send("reviewer", (doc) => acceptSuggestion(doc, id, "bob")))).toBe(4403);
    expect(Y.encodeStateVector(s.server)).toEqual(before);
  });

  it("only its author edits the proposed text, while it is open", () => {
    const id = made(s, "bob");
    const rewrite = (doc: Y.Doc) => suggestionsMap(doc).get(id)?.set(SUGGESTION_KEYS.text, "réécrit");
    expect(codeOf(s.send("editor", rewrite, "alice"))).toBe(4403);
    expect(codeOf(s.send("reviewer", (doc) => editSuggestion(doc, id, "bob", "domaine")))).toBe("ok");
    expect(codeOf(s.send("editor", (doc) => rejectSuggestion(doc, id, "carol"), "carol"))).toBe("ok");
    const late = s.send("reviewer", (doc) => {
      suggestionsMap(doc).get(id)?.set(SUGGESTION_KEYS.text, "trop tard");
    });
    expect(codeOf(late)).toBe(4403);
  });

  it("nobody rewrites a suggestion's author or date; only its author, while open, what it changes", () => {
    const id = made(s, "bob");
    for (const [key, value] of [
      [SUGGESTION_KEYS.author, "bob"],
      [SUGGESTION_KEYS.at, "2020-01-01"],
    ] as const) {
      const verdict = s.send("owner", (doc) => suggestionsMap(doc).get(id)?.set(key, value));
      expect(codeOf(verdict), key).toBe(4403);
    }
    // Typing on in « Suggérer » mode widens the range: its author may, nobody else.
    const widen = (doc: Y.Doc) => {
      const range = { from: marche.from - 1, to: marche.from };
      suggestTyping(doc, { node: s.competency, field: "body", range, text: "", author: "bob" }, id);
    };
    for (const [key, value] of [
      [SUGGESTION_KEYS.original, "autre"],
      [SUGGESTION_KEYS.kind, "delete"],
    ] as const) {
      expect(
        codeOf(s.send("editor", (doc) => suggestionsMap(doc).get(id)?.set(key, value), "alice")),
        key,
      ).toBe(4403);
    }
    expect(codeOf(s.send("reviewer", widen, "alice"))).toBe(4403);
    expect(codeOf(s.send("reviewer", widen, "bob"))).toBe("ok");
    expect(readSuggestion(s.server, id)).toMatchObject({
      original: " marché",
      text: "secteur",
      outdated: false,
    });
    expect(codeOf(s.send("editor", (doc) => rejectSuggestion(doc, id, "carol"), "carol"))).toBe("ok");
    const late = (doc: Y.Doc) => suggestionsMap(doc).get(id)?.set(SUGGESTION_KEYS.original, "marché");
    expect(codeOf(s.send("reviewer", late, "bob"))).toBe(4403);
  });

  it("its author withdraws it while open; others cannot, moderators can", () => {
    const id = made(s, "bob");
    expect(codeOf(s.send("reviewer", (doc) => deleteSuggestion(doc, id), "eve"))).toBe(4403);
    expect(codeOf(s.send("reviewer", (doc) => deleteSuggestion(doc, id), "bob"))).toBe("ok");
    const other = made(s, "bob");
    expect(codeOf(s.send("editor", (doc) => deleteSuggestion(doc, other), "carol"))).toBe("ok");
  });

  it("replies follow the rules of comment messages", () => {
    const id = made(s, "bob");
    const reply = "reply0000000002";
    expect(
      codeOf(s.send("reviewer", (doc) => replyToSuggestion(doc, id, { author: "alice", body: "faux" }))),
    ).toBe(4403);
    expect(
      codeOf(
        s.send(
          "reviewer",
          (doc) => replyToSuggestion(doc, id, { author: "eve", body: "Oui", id: reply }),
          "eve",
        ),
      ),
    ).toBe("ok");
    expect(codeOf(s.send("owner", (doc) => editSuggestionReply(doc, id, reply, "eve", "x"), "alice"))).toBe(
      4403,
    );
    expect(
      codeOf(s.send("reviewer", (doc) => editSuggestionReply(doc, id, reply, "eve", "Oui !"), "eve")),
    ).toBe("ok");
  });

  it("a bad kind or status is a structure error, even from an owner", () => {
    const id = made(s, "bob");
    const verdict = s.send("owner", (doc) =>
      suggestionsMap(doc).get(id)?.set(SUGGESTION_KEYS.status, "peut-être"),
    );
    expect(codeOf(verdict)).toBe(4409);
    const unknown = s.send("owner", (doc) => suggestionsMap(doc).get(id)?.set("script", "x"));
    expect([4403, 4409]).toContain(codeOf(unknown));
  });
});
