import {
  acceptSuggestion,
  addComment,
  addCorrespondenceRow,
  addNode,
  type CorrespondenceRow,
  clearLinks,
  commentsMap,
  createReferential,
  deleteNode,
  deleteSuggestion,
  deleteThread,
  editComment,
  editSuggestion,
  editSuggestionReply,
  LINK_RULES,
  type LinkName,
  MESSAGE_KEYS,
  moveNode,
  NODE_KINDS,
  nodeKind,
  nodesMap,
  nodeTitle,
  PARENT_RULES,
  pinCode,
  readSuggestion,
  rejectSuggestion,
  removeCorrespondenceRow,
  reopenThread,
  replyToComment,
  replyToSuggestion,
  resolveThread,
  restoreReferential,
  SUGGESTION_KEYS,
  setLink,
  setMeta,
  setRenewal,
  setRenewalPrevious,
  suggestEdit,
  suggestionsMap,
  suggestTyping,
  THREAD_KEYS,
  toReferential,
  updateCorrespondenceRow,
  updateNode,
} from "@refstudio/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Role } from "../store/types.ts";
import { authorizeUpdate } from "./authorize.ts";
import { inspectUpdate } from "./update-inspection.ts";

/**
 * Property: every write command of the schema package, run by a client with valid arguments, is
 * accepted by the server from an editor; from a reviewer, exactly the comment and suggestion
 * commands a reviewer may run are. `createReferential` is left out: documents are seeded on the
 * server.
 */

const USER = "u1";

/** Picks among a list with a generated number (undefined when the list is empty). */
const pick = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)];

type Args = { a: number; b: number; text: string };

const nodeIds = (doc: Y.Doc, kind?: string) =>
  [...nodesMap(doc).entries()].filter(([, map]) => !kind || nodeKind(map) === kind).map(([id]) => id);
const threadIds = (doc: Y.Doc) => [...commentsMap(doc).keys()];
/** My messages in comment threads (or, given, in suggestions' discussions). */
const myMessages = (doc: Y.Doc, parents = commentsMap(doc), key: string = THREAD_KEYS.messages) =>
  [...parents.entries()].flatMap(([thread, map]) =>
    ((map.get(key) as Y.Array<Y.Map<unknown>> | undefined) ?? new Y.Array<Y.Map<unknown>>())
      .toArray()
      .filter((message) => message.get(MESSAGE_KEYS.author) === USER)
      .map((message) => ({ thread, id: message.get(MESSAGE_KEYS.id) as string })),
  );
/** My open suggestions (that `keep` accepts). */
const mySuggestions = (doc: Y.Doc, keep: (suggestion: Y.Map<unknown>) => boolean = () => true) =>
  [...suggestionsMap(doc).entries()]
    .filter(
      ([, s]) =>
        s.get(SUGGESTION_KEYS.author) === USER && s.get(SUGGESTION_KEYS.status) === "open" && keep(s),
    )
    .map(([id]) => id);
const words = (text: string) => text.replace(/\s+/g, " ").trim() || "texte";

/** A valid parent for a kind, or undefined when none exists yet. */
function parentFor(
  doc: Y.Doc,
  kind: (typeof NODE_KINDS)[number],
  n: number,
): { parent: string | null } | undefined {
  const parents = PARENT_RULES[kind].flatMap((parent) => (parent === null ? [null] : nodeIds(doc, parent)));
  if (parents.length === 0) return undefined;
  return { parent: pick(parents, n) as string | null };
}

/**
 * Each command with arguments drawn from the document; it returns false when the document has
 * nothing it applies to (no thread to reply to...). `reviewer` says whether a reviewer may run it.
 */
const COMMANDS: Record<string, { reviewer: boolean; run: (doc: Y.Doc, args: Args) => boolean }> = {
  setMeta: {
    reviewer: false,
    run: (doc, { a, text }) => {
      setMeta(doc, a % 2 === 0 ? { title: words(text) } : { level: "NIV5", nsf: ["310"] });
      return true;
    },
  },
  addNode: {
    reviewer: false,
    run: (doc, { a, b, text }) => {
      const kind = pick(NODE_KINDS, a) as (typeof NODE_KINDS)[number];
      const position = parentFor(doc, kind, b);
      if (!position) return false;
      addNode(doc, { kind, title: words(text), body: `${words(text)}\nsuite` }, position);
      return true;
    },
  },
  updateNode: {
    reviewer: false,
    run: (doc, { a, text }) => {
      const id = pick(nodeIds(doc), a);
      if (!id) return false;
      const kind = nodeKind(nodesMap(doc).get(id) as Y.Map<unknown>);
      const extra =
        kind === "bloc"
          ? { prerequis: text, prerequisEntree: text }
          : kind === "modality"
            ? { duration: "2 h" }
            : {};
      updateNode(doc, id, { title: text, body: words(text), ...extra });
      return true;
    },
  },
  moveNode: {
    reviewer: false,
    run: (doc, { a, b }) => {
      const id = pick(nodeIds(doc), a);
      if (!id) return false;
      const position = parentFor(doc, nodeKind(nodesMap(doc).get(id) as Y.Map<unknown>), b);
      if (!position) return false;
      moveNode(doc, id, { ...position, index: b % 3 });
      return true;
    },
  },
  deleteNode: {
    reviewer: false,
    run: (doc, { a }) => {
      const id = pick(nodeIds(doc), a);
      if (!id) return false;
      deleteNode(doc, id);
      return true;
    },
  },
  setLink: {
    reviewer: false,
    run: (doc, { a, b }) => {
      const name = pick(Object.keys(LINK_RULES), a) as LinkName;
      const from = pick(nodeIds(doc, LINK_RULES[name].from), b);
      const to = pick(nodeIds(doc, LINK_RULES[name].to), a + b);
      if (!from || !to) return false;
      setLink(doc, from, name, to, b % 3 !== 0);
      return true;
    },
  },
  clearLinks: {
    reviewer: false,
    run: (doc, { a }) => {
      const name = pick(Object.keys(LINK_RULES), a) as LinkName;
      const from = pick(nodeIds(doc, LINK_RULES[name].from), a);
      if (!from) return false;
      clearLinks(doc, from, name);
      return true;
    },
  },
  pinCode: {
    reviewer: false,
    run: (doc, { a, b }) => {
      const id = pick(nodeIds(doc), a);
      if (!id) return false;
      pinCode(doc, id, b % 2 === 0 ? `C${b % 9}.${a % 9}` : null);
      return true;
    },
  },
  addComment: {
    reviewer: true,
    run: (doc, { a, b, text }) => {
      const node = pick(nodeIds(doc), a);
      if (!node) return false;
      const anchor =
        b % 3 === 0
          ? { node }
          : b % 3 === 1
            ? { node, field: "body" as const }
            : { node, field: "title" as const };
      addComment(doc, anchor, { author: USER, body: words(text) });
      return true;
    },
  },
  replyToComment: {
    reviewer: true,
    run: (doc, { a, text }) => {
      const thread = pick(threadIds(doc), a);
      if (!thread) return false;
      replyToComment(doc, thread, { author: USER, body: words(text) });
      return true;
    },
  },
  editComment: {
    reviewer: true,
    run: (doc, { a, text }) => {
      const message = pick(myMessages(doc), a);
      if (!message) return false;
      editComment(doc, message.thread, message.id, USER, words(text));
      return true;
    },
  },
  resolveThread: {
    reviewer: true,
    run: (doc, { a }) => {
      const thread = pick(threadIds(doc), a);
      if (!thread) return false;
      resolveThread(doc, thread);
      return true;
    },
  },
  reopenThread: {
    reviewer: true,
    run: (doc, { a }) => {
      const thread = pick(threadIds(doc), a);
      if (!thread) return false;
      reopenThread(doc, thread);
      return true;
    },
  },
  restoreReferential: {
    reviewer: false,
    run: (doc, { text }) => {
      const earlier = seededServerDoc();
      setMeta(earlier, { title: words(text) });
      restoreReferential(doc, toReferential(earlier));
      return true;
    },
  },
  setRenewal: {
    reviewer: false,
    run: (doc, { a }) => {
      setRenewal(
        doc,
        a % 3 === 0
          ? null
          : { previous: { rncpCode: "", title: "Ancien titre" }, rows: [renewalRow(`r${a}`)] },
      );
      return true;
    },
  },
  addCorrespondenceRow: {
    reviewer: false,
    run: (doc, { a }) => {
      withRenewal(doc);
      addCorrespondenceRow(doc, renewalRow(`r${a}-${doc.clientID}`));
      return true;
    },
  },
  updateCorrespondenceRow: {
    reviewer: false,
    run: (doc, { a, text }) => {
      const row = pick(withRenewal(doc), a);
      if (!row) return false;
      updateCorrespondenceRow(doc, row, {
        comment: words(text),
        confirmed: a % 2 === 0,
        new: nodeIds(doc).slice(0, 1),
      });
      return true;
    },
  },
  removeCorrespondenceRow: {
    reviewer: false,
    run: (doc, { a }) => {
      const row = pick(withRenewal(doc), a);
      if (!row) return false;
      removeCorrespondenceRow(doc, row);
      return true;
    },
  },
  setRenewalPrevious: {
    reviewer: false,
    run: (doc, { text }) => {
      withRenewal(doc);
      setRenewalPrevious(doc, { rncpCode: "RNCP31114", title: words(text) });
      return true;
    },
  },
  suggestEdit: {
    reviewer: true,
    run: (doc, { a, text }) => {
      const node = pick(nodeIds(doc), a);
      if (!node) return false;
      suggestEdit(doc, {
        node,
        field: "title",
        range: { from: 0, to: 0 },
        text: `+${words(text)}`,
        author: USER,
      });
      return true;
    },
  },
  suggestTyping: {
    reviewer: true,
    run: (doc, { a, b, text }) => {
      // Backspace just before one of my suggestions widens it (a new range, kind and original);
      // without one, a key typed or deleted anywhere in a title starts one.
      const widenable = mySuggestions(doc).filter(
        (id) => (readSuggestion(doc, id)?.anchor.range?.from ?? 0) > 0,
      );
      const continuing = a % 4 === 0 ? null : (pick(widenable, a) ?? null);
      const suggestion = continuing ? readSuggestion(doc, continuing) : undefined;
      const range = suggestion?.anchor.range;
      if (suggestion && range) {
        const edit = { from: range.from - 1, to: range.from };
        const node = suggestion.anchor.node;
        suggestTyping(doc, { node, field: "title", range: edit, text: "", author: USER }, continuing);
        return true;
      }
      const node = pick(nodeIds(doc), b);
      if (!node) return false;
      const length = nodeTitle(nodesMap(doc).get(node) as Y.Map<unknown>).length;
      if (length === 0) return false;
      const at = b % length;
      const typed = a % 2 === 0 ? words(text).slice(0, 3) : "";
      const edit = typed ? { from: at, to: at } : { from: at, to: at + 1 };
      suggestTyping(doc, { node, field: "title", range: edit, text: typed, author: USER }, null);
      return true;
    },
  },
  editSuggestion: {
    reviewer: true,
    run: (doc, { a, text }) => {
      const id = pick(
        mySuggestions(doc, (s) => s.get(SUGGESTION_KEYS.kind) !== "delete"),
        a,
      );
      if (!id) return false;
      editSuggestion(doc, id, USER, `+${words(text)} bis`);
      return true;
    },
  },
  acceptSuggestion: {
    reviewer: false,
    run: (doc, { a }) => {
      const id = pick(mySuggestions(doc), a);
      if (!id) return false;
      acceptSuggestion(doc, id, USER);
      return true;
    },
  },
  rejectSuggestion: {
    reviewer: false,
    run: (doc, { a }) => {
      const id = pick(mySuggestions(doc), a);
      if (!id) return false;
      rejectSuggestion(doc, id, USER);
      return true;
    },
  },
  deleteSuggestion: {
    reviewer: true,
    run: (doc, { a }) => {
      const id = pick(mySuggestions(doc), a);
      if (!id) return false;
      deleteSuggestion(doc, id);
      return true;
    },
  },
  replyToSuggestion: {
    reviewer: true,
    run: (doc, { a, text }) => {
      const id = pick([...suggestionsMap(doc).keys()], a);
      if (!id) return false;
      replyToSuggestion(doc, id, { author: USER, body: words(text) });
      return true;
    },
  },
  editSuggestionReply: {
    reviewer: true,
    run: (doc, { a, text }) => {
      const reply = pick(myMessages(doc, suggestionsMap(doc), SUGGESTION_KEYS.messages), a);
      if (!reply) return false;
      editSuggestionReply(doc, reply.thread, reply.id, USER, `${words(text)} (corrigé)`);
      return true;
    },
  },
  deleteThread: {
    reviewer: false,
    run: (doc, { a }) => {
      const thread = pick(threadIds(doc), a);
      if (!thread) return false;
      deleteThread(doc, thread);
      return true;
    },
  },
};

/** A seeded référentiel, as the server holds it. */
function seededServerDoc(): Y.Doc {
  const doc = new Y.Doc();
  createReferential(doc, { title: "Référentiel" });
  const bloc = addNode(doc, { kind: "bloc", title: "Bloc" }, { parent: null });
  const competency = addNode(doc, { kind: "competency", body: "Analyser" }, { parent: bloc });
  addNode(doc, { kind: "criterion", body: "Analysé", links: { evaluates: [competency] } }, { parent: bloc });
  addNode(doc, { kind: "modality", title: "Dossier", links: { covers: [competency] } }, { parent: null });
  addComment(doc, { node: competency }, { author: USER, body: "Premier" });
  for (const [text, from] of [
    ["Une proposition", 0],
    ["", 2],
  ] as const) {
    const suggestion = suggestEdit(doc, {
      node: bloc,
      field: "title",
      range: { from, to: from + (text ? 0 : 1) },
      text,
      author: USER,
    });
    replyToSuggestion(doc, suggestion, { author: USER, body: "Pourquoi ?" });
  }
  return doc;
}

/** What running a command on a client replica of `server` sends (null: nothing to send). */
function clientUpdate(server: Y.Doc, run: (doc: Y.Doc) => boolean): Uint8Array | null {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on("update", (update: Uint8Array) => updates.push(update));
  let ran = false;
  try {
    ran = run(client);
  } catch {
    // Refused locally (e.g. a suggestion outdated by an earlier step): nothing is sent.
    ran = false;
  }
  client.destroy();
  return ran && updates.length > 0 ? Y.mergeUpdates(updates) : null;
}

const accepted = (server: Y.Doc, update: Uint8Array, role: Role) =>
  authorizeUpdate(inspectUpdate(server, update), { role, userId: USER }).ok;

const step = fc.record({
  command: fc.constantFrom(...Object.keys(COMMANDS)),
  a: fc.nat(1000),
  b: fc.nat(1000),
  text: fc.string({ maxLength: 30 }),
});

/** The ids of the table's rows, after making a table of one row if there is none (a row command needs one). */
function withRenewal(doc: Y.Doc): string[] {
  const rows = toReferential(doc).meta.renewal?.rows;
  if (rows && rows.length > 0) return rows.map((row) => row.id);
  setRenewal(doc, { previous: { rncpCode: "", title: "Ancien titre" }, rows: [renewalRow("r0")] });
  return ["r0"];
}

function renewalRow(id: string): CorrespondenceRow {
  return {
    id,
    old: [{ code: "BC01", title: "Ancien" }],
    new: [],
    coverage: "partial",
    comment: "",
    confirmed: false,
  };
}

describe("schema commands on the server", () => {
  it("every command is accepted from an editor; from a reviewer, exactly the comment and suggestion commands it may run", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const server = seededServerDoc();
        for (const { command, ...args } of steps) {
          const spec = COMMANDS[command] as (typeof COMMANDS)[string];
          const update = clientUpdate(server, (doc) => spec.run(doc, args));
          if (!update) continue;
          seen.add(command);
          expect(accepted(server, update, "editor"), `${command} from an editor`).toBe(true);
          expect(accepted(server, update, "reviewer"), `${command} from a reviewer`).toBe(spec.reviewer);
          Y.applyUpdate(server, update);
        }
      }),
      { numRuns: 60 },
    );
    expect([...seen].sort()).toEqual(Object.keys(COMMANDS).sort());
  }, 60_000);
});
