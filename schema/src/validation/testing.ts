import fc from "fast-check";
import * as Y from "yjs";
import type { MetaPatch } from "../commands.ts";
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
} from "../commands.ts";
import { addComment, reopenThread, resolveThread } from "../comments.ts";
import {
  commentsMap,
  LOCAL_ORIGIN,
  linkNamesOf,
  nodeBody,
  nodeKind,
  nodeLinks,
  nodesMap,
  nodeTitle,
  SUGGESTION_KEYS,
  suggestionsMap,
} from "../layout.ts";
import { LINK_RULES, type NodeKind } from "../model.ts";
import { acceptSuggestion, OutdatedSuggestionError, rejectSuggestion, suggestEdit } from "../suggestions.ts";

/**
 * Test helpers for validation: a valid minimal référentiel, and random command sequences
 * (fast-check) for the live-validation and convergence properties.
 */

const VALID_META = {
  title: "Chef de projet marketing et communication",
  level: "NIV6",
  certifiers: [{ name: "École supérieure de commerce" }],
} as const satisfies MetaPatch;

/**
 * A référentiel that passes every rule: bloc b1 with activity a1, competencies c1 and c2 (both
 * traced to a1), modality m1 covering both, criteria k1 (evaluates c1) and k2 (evaluates c2).
 */
export function validDoc(): Y.Doc {
  const doc = new Y.Doc();
  createReferential(doc, { ...VALID_META, certifiers: [...VALID_META.certifiers] });
  addNode(doc, { kind: "bloc", id: "b1", title: "Analyse du marché" }, { parent: null });
  addNode(doc, { kind: "activity", id: "a1", title: "Veille du marché" }, { parent: "b1" });
  addNode(
    doc,
    {
      kind: "competency",
      id: "c1",
      body: "Analyser les études existantes afin d'établir un diagnostic du marché.",
      links: { activities: ["a1"] },
    },
    { parent: "b1" },
  );
  addNode(
    doc,
    {
      kind: "competency",
      id: "c2",
      body: "Organiser une veille du marché pour alimenter la réflexion marketing.",
      links: { activities: ["a1"] },
    },
    { parent: "b1" },
  );
  addNode(
    doc,
    {
      kind: "modality",
      id: "m1",
      title: "Étude de cas",
      body: "Analyse d'un marché réel.",
      links: { covers: ["c1", "c2"] },
    },
    { parent: "b1" },
  );
  addNode(
    doc,
    {
      kind: "criterion",
      id: "k1",
      body: "Le diagnostic relève les enjeux du marché.",
      links: { evaluates: ["c1"] },
    },
    { parent: "b1" },
  );
  addNode(
    doc,
    {
      kind: "criterion",
      id: "k2",
      body: "La veille alimente la réflexion marketing.",
      links: { evaluates: ["c2"] },
    },
    { parent: "b1" },
  );
  return doc;
}

/**
 * A starting point where many rules sit on an edge: validDoc plus bloc b2 (no modality of its
 * own, covered by transversal modality t1), whose competency c3 repeats c1's statement.
 */
export function edgyDoc(): Y.Doc {
  const doc = validDoc();
  addNode(doc, { kind: "bloc", id: "b2", title: "Stratégie" }, { parent: null });
  addNode(doc, { kind: "activity", id: "a2", title: "Diagnostic" }, { parent: "b2" });
  const c1 = "Analyser les études existantes afin d'établir un diagnostic du marché.";
  addNode(doc, { kind: "competency", id: "c3", body: c1, links: { activities: ["a2"] } }, { parent: "b2" });
  addNode(
    doc,
    { kind: "competency", id: "c4", body: TEXTS[0]!, links: { activities: ["a2"] } },
    { parent: "b2" },
  );
  addNode(
    doc,
    { kind: "modality", id: "t1", title: "Cas de synthèse", links: { covers: ["c3"] } },
    { parent: null },
  );
  addNode(
    doc,
    { kind: "criterion", id: "k3", body: "Le diagnostic est posé.", links: { evaluates: ["c3", "c4"] } },
    { parent: "b2" },
  );
  return doc;
}

/** Statements that make the rules fire or pass: twins modulo spacing, a case variant, bad wording. */
const TEXTS = [
  "Analyser le marché afin d'établir un diagnostic.",
  "Analyser  le marché afin d'établir un diagnostic",
  "analyser le marché afin d'établir un diagnostic.",
  "Analyse du marché",
  "S'assurer de la qualité pour garantir la satisfaction du client.",
  "Le candidat maîtrise les outils de veille.",
  "Les besoins sont identifiés, y compris les contraintes.",
  "",
];

const CODES = ["C1.1", "BC01", "RNCP12345BC02", "x1", "A1C1", "MT1", null];

const META_PATCHES: MetaPatch[] = [
  { title: "" },
  { title: "Chef de projet" },
  { title: "T".repeat(801) },
  { level: "" },
  { level: "NIV6" },
  { certifiers: [] },
  { certifiers: [{ name: "École" }] },
  { nsf: ["310", "312", "320", "330"] },
  { nsf: [] },
  { rome: ["M1705", "M1706", "M1707", "M1708", "M1709", "M1710"] },
  { formacodes: ["1", "2", "3", "4", "5", "6"] },
  { rncpCode: "" },
  { rncpCode: "RNCP12345" },
];

const CHILD_KINDS = ["activity", "competency", "modality", "criterion"] as const;

export type Command =
  | { op: "addBloc"; text: number }
  | { op: "add"; kind: (typeof CHILD_KINDS)[number]; parent: number; text: number; transversal: boolean }
  | { op: "update"; node: number; text: number }
  | { op: "type"; node: number; at: number; insert: string; remove: number }
  | { op: "move"; node: number; parent: number; index: number; transversal: boolean }
  | { op: "delete"; node: number; blocOnly: boolean }
  | { op: "link"; from: number; to: number; on: boolean }
  | { op: "clear"; node: number }
  | { op: "pin"; node: number; code: number }
  | { op: "meta"; patch: number }
  | { op: "comment"; node: number; onBody: boolean }
  | { op: "resolve"; thread: number; reopen: boolean }
  | { op: "suggest"; node: number; onBody: boolean }
  | { op: "decide"; suggestion: number; accept: boolean };

const n = fc.nat(60);

/** Random commands, weighted towards what makes concurrent edits interesting (adds, deletes, links). */
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant("addBloc" as const), text: n }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("add" as const),
      kind: fc.constantFrom(...CHILD_KINDS),
      parent: n,
      text: n,
      transversal: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("update" as const), node: n, text: n }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("type" as const),
      node: n,
      at: n,
      insert: fc.constantFrom("a", "é", " ", ".", " pour", "er"),
      remove: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("move" as const),
      node: n,
      parent: n,
      index: n,
      transversal: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("delete" as const), node: n, blocOnly: fc.boolean() }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("link" as const), from: n, to: n, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("clear" as const), node: n }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("pin" as const), node: n, code: n }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("meta" as const), patch: n }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("comment" as const), node: n, onBody: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("resolve" as const), thread: n, reopen: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("suggest" as const), node: n, onBody: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("decide" as const), suggestion: n, accept: fc.boolean() }),
  },
);

const pick = <T>(list: readonly T[], index: number): T | undefined => list[index % Math.max(1, list.length)];

/** Node ids of the document, optionally of some kinds, sorted (so a command picks the same node on every run). */
function idsOf(doc: Y.Doc, kinds?: readonly NodeKind[]): string[] {
  const ids: string[] = [];
  for (const [id, map] of nodesMap(doc).entries()) if (!kinds || kinds.includes(nodeKind(map))) ids.push(id);
  return ids.sort();
}

/** The Y.Text a keystroke goes to: the first text of the body's first paragraph, else the title. */
function typingTarget(map: Y.Map<unknown>): Y.Text {
  const paragraph = nodeBody(map).get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
  return text instanceof Y.XmlText ? text : nodeTitle(map);
}

/**
 * Applies one command through the schema's commands (keystrokes through the Y.Text, as the
 * editor does). Node picks wrap around the current nodes; a command with nothing to act on is
 * a no-op. New ids come from `nextId`, so runs replay identically.
 */
export function applyCommand(doc: Y.Doc, command: Command, nextId: () => string): void {
  const blocs = idsOf(doc, ["bloc"]);
  const all = idsOf(doc);
  switch (command.op) {
    case "addBloc":
      addNode(doc, { kind: "bloc", id: nextId(), title: pick(TEXTS, command.text)! }, { parent: null });
      return;
    case "add": {
      const parent = command.kind === "modality" && command.transversal ? null : pick(blocs, command.parent);
      if (parent === undefined) return;
      addNode(doc, { kind: command.kind, id: nextId(), body: pick(TEXTS, command.text)! }, { parent });
      return;
    }
    case "update": {
      const id = pick(all, command.node);
      if (id === undefined) return;
      const kind = nodeKind(nodesMap(doc).get(id)!);
      const text = pick(TEXTS, command.text)!;
      updateNode(doc, id, kind === "competency" || kind === "criterion" ? { body: text } : { title: text });
      return;
    }
    case "type": {
      const id = pick(all, command.node);
      if (id === undefined) return;
      const target = typingTarget(nodesMap(doc).get(id)!);
      const at = command.at % (target.length + 1);
      doc.transact(() => {
        if (command.remove > 0 && at < target.length)
          target.delete(at, Math.min(command.remove, target.length - at));
        else target.insert(at, command.insert);
      }, LOCAL_ORIGIN);
      return;
    }
    case "move": {
      const id = pick(idsOf(doc, CHILD_KINDS), command.node);
      if (id === undefined) return;
      const kind = nodeKind(nodesMap(doc).get(id)!);
      const parent = kind === "modality" && command.transversal ? null : pick(blocs, command.parent);
      if (parent === undefined) return;
      moveNode(doc, id, { parent, index: command.index % 5 });
      return;
    }
    case "delete": {
      const id = pick(command.blocOnly ? blocs : all, command.node);
      if (id !== undefined) deleteNode(doc, id);
      return;
    }
    case "link": {
      const from = pick(idsOf(doc, ["competency", "modality", "criterion"]), command.from);
      if (from === undefined) return;
      const name = linkNamesOf(nodeKind(nodesMap(doc).get(from)!))[0]!;
      // Clearing picks among the current links (possibly dangling); setting among valid targets.
      const targets = command.on
        ? idsOf(doc, [LINK_RULES[name].to])
        : [...(nodeLinks(nodesMap(doc).get(from)!, name)?.keys() ?? [])].sort();
      const to = pick(targets, command.to);
      if (to !== undefined) setLink(doc, from, name, to, command.on);
      return;
    }
    case "clear": {
      const from = pick(idsOf(doc, ["competency", "modality", "criterion"]), command.node);
      if (from !== undefined) clearLinks(doc, from, linkNamesOf(nodeKind(nodesMap(doc).get(from)!))[0]!);
      return;
    }
    case "pin": {
      const id = pick(all, command.node);
      if (id !== undefined) pinCode(doc, id, pick(CODES, command.code)!);
      return;
    }
    case "meta":
      setMeta(doc, pick(META_PATCHES, command.patch)!);
      return;
    case "comment": {
      const id = pick(all, command.node);
      if (id === undefined) return;
      const anchor = command.onBody ? { node: id, field: "body" as const } : { node: id };
      addComment(doc, anchor, { author: "Relectrice", body: "À reformuler." }, { id: nextId() });
      return;
    }
    case "resolve": {
      const thread = pick([...commentsMap(doc).keys()].sort(), command.thread);
      if (thread === undefined) return;
      if (command.reopen) reopenThread(doc, thread);
      else resolveThread(doc, thread);
      return;
    }
    case "suggest": {
      const id = pick(all, command.node);
      if (id === undefined) return;
      const field = command.onBody ? "body" : "title";
      const range = { from: 0, to: 0 };
      const suggestionId = nextId();
      try {
        suggestEdit(doc, { node: id, field, range, text: "Mieux ", author: "Relectrice", id: suggestionId });
      } catch (error) {
        // A field without text has no place to anchor a suggestion: refused, nothing written.
        if (suggestionsMap(doc).has(suggestionId)) throw error;
      }
      return;
    }
    case "decide": {
      const open = [...suggestionsMap(doc).entries()]
        .filter(([, map]) => map.get(SUGGESTION_KEYS.status) === "open")
        .map(([id]) => id)
        .sort();
      const id = pick(open, command.suggestion);
      if (id === undefined) return;
      try {
        if (command.accept) acceptSuggestion(doc, id, "Autrice", "2026-01-01T00:00:00.000Z");
        else rejectSuggestion(doc, id, "Autrice", "2026-01-01T00:00:00.000Z");
      } catch (error) {
        // A suggestion its text outran stays open: nothing is applied blindly.
        if (!(error instanceof OutdatedSuggestionError)) throw error;
      }
      return;
    }
  }
}

/** Ids `<prefix>1`, `<prefix>2`… */
export function idSequence(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}${++next}`;
}
