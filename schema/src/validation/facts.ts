import { LINK_NAMES, type LinkName, type Node } from "../model.ts";
import { buildOutline, type Outline } from "../outline.ts";
import { richToPlain } from "../richtext.ts";
import { normalizeStatement } from "./duplicates.ts";
import type { Finding, Names } from "./rule.ts";
import { checkNodeShape } from "./structure.ts";
import type { SuggestionFact } from "./suggestions.ts";

/**
 * What the rules read: the projection's usable nodes with the indexes rules need (children,
 * link sources, statements by normalized text) and the outline. Built whole by `validate` and kept
 * up to date node by node by `LiveValidator`, so both run the very same checks.
 */

const NONE: ReadonlySet<string> = new Set();

/** What changed when a node was (re)read: tells the live validator which scopes to re-check. */
export type NodeChange = {
  before: Node | undefined;
  after: Node | undefined;
  /** Appeared, disappeared or changed kind (as far as the rules can see it). */
  existence: boolean;
  /** Existence, parent, order or pinned code: what the outline and the codes depend on. */
  placement: boolean;
  links: boolean;
  /** Statement keys before and after (competencies and criteria): their duplicate groups. */
  norms: string[];
};

export class Facts implements Names {
  /** Nodes the rules can read (their shape is intact even if a size or format is wrong). */
  readonly nodes = new Map<string, Node>();
  /** structure.invalid findings of each node that has some, usable or not. */
  readonly problems = new Map<string, Finding[]>();
  /** Every node id of the projection, usable or not. */
  readonly known = new Set<string>();
  /** Raw comment threads by id; their checks read them defensively. */
  readonly threads = new Map<string, unknown>();
  /** Suggested edits by id (documents only: the projection has none). */
  readonly suggestions = new Map<string, SuggestionFact>();
  /** Raw meta; its checks read it defensively. */
  meta: unknown = undefined;

  readonly #texts = new Map<string, string>();
  readonly #norms = new Map<string, string>();
  readonly #byNorm = new Map<string, Set<string>>();
  readonly #children = new Map<string, Set<string>>();
  readonly #sources = Object.fromEntries(
    LINK_NAMES.map((name) => [name, new Map<string, Set<string>>()]),
  ) as Record<LinkName, Map<string, Set<string>>>;
  #outline: Outline | undefined;

  /** Sets (or removes, with undefined) one node as projected by `readNode`. */
  setNode(id: string, raw: unknown): NodeChange {
    const before = this.nodes.get(id);
    const beforeNorm = this.#norms.get(id);
    if (before) {
      this.#unindex(id, before);
      this.nodes.delete(id);
    }
    let after: Node | undefined;
    if (raw === undefined) {
      this.known.delete(id);
      this.problems.delete(id);
    } else {
      this.known.add(id);
      const shape = checkNodeShape(id, raw);
      if (shape.findings.length > 0) this.problems.set(id, shape.findings);
      else this.problems.delete(id);
      if (shape.usable) {
        after = raw as Node;
        this.nodes.set(id, after);
        this.#index(id, after);
      }
    }
    const afterNorm = this.#norms.get(id);
    const existence = before?.kind !== after?.kind;
    const placement =
      existence ||
      before?.parent !== after?.parent ||
      before?.order !== after?.order ||
      before?.pinnedCode !== after?.pinnedCode;
    if (placement) this.#outline = undefined;
    const norms = [beforeNorm, afterNorm].filter((n): n is string => n !== undefined);
    return {
      before,
      after,
      existence,
      placement,
      links: !sameLinks(before, after),
      norms: norms[0] === norms[1] ? norms.slice(1) : norms,
    };
  }

  /** Sets meta; returns whether the RNCP code (hence the bloc codes) changed. */
  setMeta(raw: unknown): boolean {
    const before = this.rncpCode;
    this.meta = raw;
    if (this.rncpCode === before) return false;
    this.#outline = undefined;
    return true;
  }

  setThread(id: string, raw: unknown): void {
    if (raw === undefined) this.threads.delete(id);
    else this.threads.set(id, raw);
  }

  setSuggestion(id: string, fact: SuggestionFact | undefined): void {
    if (fact === undefined) this.suggestions.delete(id);
    else this.suggestions.set(id, fact);
  }

  get rncpCode(): string {
    const meta = this.meta as { rncpCode?: unknown } | undefined;
    return typeof meta?.rncpCode === "string" ? meta.rncpCode : "";
  }

  outline(): Outline {
    this.#outline ??= buildOutline({ meta: { rncpCode: this.rncpCode }, nodes: [...this.nodes.values()] });
    return this.#outline;
  }

  code(id: string): string | undefined {
    return this.outline().codes.get(id);
  }

  node(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  text(id: string): string {
    return this.#texts.get(id) ?? "";
  }

  /** The statement key of a competency or criterion (« competency:<normalized text> »), if it has one. */
  norm(id: string): string | undefined {
    return this.#norms.get(id);
  }

  /** Nodes whose statement key is `norm`. */
  withNorm(norm: string): ReadonlySet<string> {
    return this.#byNorm.get(norm) ?? NONE;
  }

  norms(): IterableIterator<string> {
    return this.#byNorm.keys();
  }

  /** Usable nodes whose parent is `id`. */
  children(id: string): ReadonlySet<string> {
    return this.#children.get(id) ?? NONE;
  }

  /** Usable nodes holding a `name` link to `target` (whatever their kind). */
  sources(name: LinkName, target: string): ReadonlySet<string> {
    return this.#sources[name].get(target) ?? NONE;
  }

  /** Placed where the outline gives it a code: a bloc, a transversal modality, or a child of a bloc. */
  isPlaced(node: Node): boolean {
    if (node.kind === "bloc") return true;
    if (node.parent === null) return node.kind === "modality";
    return this.nodes.get(node.parent)?.kind === "bloc";
  }

  /** The bloc a placed node belongs to (itself for a bloc), or undefined (transversal, orphan). */
  blocOf(node: Node): string | undefined {
    if (node.kind === "bloc") return node.id;
    return node.parent !== null && this.nodes.get(node.parent)?.kind === "bloc" ? node.parent : undefined;
  }

  #index(id: string, node: Node): void {
    const text = mainText(node);
    this.#texts.set(id, text);
    if (node.kind === "competency" || node.kind === "criterion") {
      const norm = normalizeStatement(text);
      if (norm) {
        const key = statementKey(node.kind, norm);
        this.#norms.set(id, key);
        addTo(this.#byNorm, key, id);
      }
    }
    if (node.parent !== null) addTo(this.#children, node.parent, id);
    for (const name of LINK_NAMES)
      for (const target of node.links[name] ?? []) addTo(this.#sources[name], target, id);
  }

  #unindex(id: string, node: Node): void {
    this.#texts.delete(id);
    const norm = this.#norms.get(id);
    if (norm !== undefined) {
      this.#norms.delete(id);
      removeFrom(this.#byNorm, norm, id);
    }
    if (node.parent !== null) removeFrom(this.#children, node.parent, id);
    for (const name of LINK_NAMES) {
      for (const target of node.links[name] ?? []) removeFrom(this.#sources[name], target, id);
    }
  }
}

/** Statements are compared within one kind: the key of a duplicate group. */
export function statementKey(kind: "competency" | "criterion", norm: string): string {
  return `${kind}:${norm}`;
}

/** A competency's or criterion's statement (its body, else its title); the label of other kinds. */
function mainText(node: Node): string {
  const body = richToPlain(node.body).trim();
  const title = node.title.trim();
  return node.kind === "competency" || node.kind === "criterion" ? body || title : title || body;
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

function sameLinks(a: Node | undefined, b: Node | undefined): boolean {
  for (const name of LINK_NAMES) {
    const x = a?.links[name] ?? [];
    const y = b?.links[name] ?? [];
    if (x.length !== y.length || x.some((target, i) => target !== y[i])) return false;
  }
  return true;
}
