import type * as Y from "yjs";
import { commentsMap, metaMap, nodesMap, owningNodeId, suggestionsMap } from "../layout.ts";
import { LINK_NAMES } from "../model.ts";
import { readMeta, readNode, readThread } from "../projection.ts";
import { Facts, type NodeChange } from "./facts.ts";
import type { Issue, ValidationReport } from "./issue.ts";
import { sameIssues, toIssue, toReport } from "./report.ts";
import type { Finding } from "./rule.ts";
import { allScopes, checkScope, Scope } from "./rules.ts";
import { readSuggestionFact } from "./suggestions.ts";

/** What transactions touched, by owner: nodes, meta, comment threads, suggestions. */
type Touched = { nodes: Set<string>; threads: Set<string>; suggestions: Set<string>; meta: boolean };

type ScopeEntry = { findings: Finding[]; issues: Issue[] };

/**
 * Validation that follows a live document (DESIGN §5, incremental): it re-reads only the nodes,
 * meta or threads that transactions touched and re-checks only the scopes those can affect. A
 * keystroke in one competency reads that competency alone. Its report always equals
 * `validateDoc(doc)`.
 *
 * Following a document costs next to nothing until someone reads the report (a server holds many
 * documents and is rarely asked): the first `report()` or `subscribe()` validates the whole
 * document; after that, each transaction only notes what it touched, and the checks run when the
 * report is read — or right after the transaction while there are subscribers, who are notified
 * whenever the report changed.
 */
export class LiveValidator {
  readonly #doc: Y.Doc;
  /** The roots it follows (defined on the document now, as reading it would). */
  readonly #roots: {
    nodes: Y.Map<Y.Map<unknown>>;
    comments: Y.Map<Y.Map<unknown>>;
    suggestions: Y.Map<Y.Map<unknown>>;
    meta: Y.Map<unknown>;
  };
  readonly #facts = new Facts();
  /** Findings and rendered issues of every scope that has some. */
  readonly #scopes = new Map<string, ScopeEntry>();
  readonly #listeners = new Set<(report: ValidationReport) => void>();
  readonly #onTransaction = (transaction: Y.Transaction) => this.#record(transaction);
  /** What the transactions since the report was last brought up to date touched. */
  readonly #pending: Touched = { nodes: new Set(), threads: new Set(), suggestions: new Set(), meta: false };
  /** Undefined until the report is first asked for (nothing is tracked before). */
  #report: ValidationReport | undefined;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#roots = {
      nodes: nodesMap(doc),
      comments: commentsMap(doc),
      suggestions: suggestionsMap(doc),
      meta: metaMap(doc),
    };
    doc.on("afterTransaction", this.#onTransaction);
  }

  /** The current report (cached: a new object only when a transaction changed it). */
  report(): ValidationReport {
    if (this.#report === undefined) this.#report = this.#build();
    else this.#catchUp();
    return this.#report;
  }

  /** Calls `listener` after each transaction that changed the report; returns the unsubscribe function. */
  subscribe(listener: (report: ValidationReport) => void): () => void {
    // The report the listener's notifications are changes of.
    this.report();
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops following the document; `report()` keeps returning the report as of now. */
  destroy(): void {
    this.#doc.off("afterTransaction", this.#onTransaction);
    this.#listeners.clear();
    if (this.#report !== undefined) this.#catchUp();
  }

  /** The whole document's report, from scratch. */
  #build(): ValidationReport {
    const doc = this.#doc;
    for (const id of this.#roots.nodes.keys()) this.#facts.setNode(id, readNode(doc, id));
    this.#facts.setMeta(readMeta(doc));
    for (const id of this.#roots.comments.keys()) this.#facts.setThread(id, readThread(doc, id));
    for (const id of this.#roots.suggestions.keys())
      this.#facts.setSuggestion(id, readSuggestionFact(doc, id));
    for (const scope of allScopes(this.#facts)) this.#recheck(scope);
    return this.#collect();
  }

  /** Notes what a transaction touched; checks it at once only if someone is listening. */
  #record(transaction: Y.Transaction): void {
    if (this.#report === undefined) return; // the first report reads everything anyway
    const doc = this.#doc;
    const { nodes, comments, suggestions, meta } = this.#roots;
    const touched = this.#pending;
    for (const [changedType, keys] of transaction.changed) {
      const type = changedType as unknown as Y.AbstractType<unknown>;
      if (type === nodes || type === comments || type === suggestions) {
        const into =
          type === nodes ? touched.nodes : type === comments ? touched.threads : touched.suggestions;
        for (const key of keys) if (key !== null) into.add(key);
      } else if (type === meta) touched.meta = true;
      else {
        const nodeId = owningNodeId(doc, type);
        if (nodeId !== undefined) touched.nodes.add(nodeId);
        else {
          const entry = rootEntry(type);
          if (entry?.root === meta) touched.meta = true;
          else if (entry?.root === comments) touched.threads.add(entry.key);
          else if (entry?.root === suggestions) touched.suggestions.add(entry.key);
        }
      }
    }
    if (this.#listeners.size > 0) this.#catchUp();
  }

  /** Re-reads and re-checks what was touched since the last time; notifies listeners of a new report. */
  #catchUp(): void {
    const touched = this.#pending;
    if (
      touched.nodes.size === 0 &&
      touched.threads.size === 0 &&
      touched.suggestions.size === 0 &&
      !touched.meta
    )
      return;
    const facts = this.#facts;
    const dirty = new Set<string>();
    // Codes (hence the names in messages) change with placement and with the RNCP code.
    let renamed = false;
    for (const id of touched.nodes) {
      const change = facts.setNode(id, readNode(this.#doc, id));
      this.#spread(id, change, dirty);
      renamed ||= change.placement;
    }
    if (touched.meta) {
      renamed = facts.setMeta(readMeta(this.#doc)) || renamed;
      dirty.add(Scope.meta);
    }
    for (const id of touched.threads) {
      facts.setThread(id, readThread(this.#doc, id));
      dirty.add(Scope.thread(id));
    }
    for (const id of touched.suggestions) {
      facts.setSuggestion(id, readSuggestionFact(this.#doc, id));
      dirty.add(Scope.suggestion(id));
    }
    touched.nodes.clear();
    touched.threads.clear();
    touched.suggestions.clear();
    touched.meta = false;
    if (renamed) for (const scope of [Scope.codes, Scope.blocs, Scope.size]) dirty.add(scope);
    let changed = false;
    for (const scope of dirty) changed = this.#recheck(scope) || changed;
    if (renamed) {
      for (const [scope, entry] of this.#scopes)
        if (!dirty.has(scope)) changed = this.#rerender(entry) || changed;
    }
    if (!changed) return;
    const report = this.#collect();
    // Scopes can trade equal issues (one key reported by two scopes): then nothing changed.
    if (this.#report !== undefined && sameIssues(this.#report.issues, report.issues)) return;
    this.#report = report;
    for (const listener of this.#listeners) listener(report);
  }

  /** Adds the scopes a node's change can affect. */
  #spread(id: string, change: NodeChange, dirty: Set<string>): void {
    const facts = this.#facts;
    const { before, after } = change;
    const checkNode = (nodeId: string) => {
      dirty.add(Scope.node(nodeId));
      // Its duplicate group depends on its bloc, which its parent's existence decides.
      const norm = facts.norm(nodeId);
      if (norm !== undefined) dirty.add(Scope.statement(norm));
    };
    checkNode(id);
    for (const norm of change.norms) dirty.add(Scope.statement(norm));
    if (change.placement) {
      dirty.add(Scope.bloc(id));
      for (const node of [before, after]) if (node?.parent) dirty.add(Scope.bloc(node.parent));
    }
    const checkSources = (target: string) => {
      for (const name of LINK_NAMES) for (const source of facts.sources(name, target)) checkNode(source);
    };
    if (change.existence || change.placement) {
      // Children lose or regain their parent (and their bloc, which links into them cross or not);
      // links to this node dangle, resolve, or cross blocs.
      for (const child of facts.children(id)) {
        checkNode(child);
        if (change.existence) checkSources(child);
      }
      checkSources(id);
    }
    if (change.links || change.placement) {
      // Targets' coverage; and a transversal modality's `covers` decide its targets' bloc.modality.
      for (const node of [before, after]) {
        for (const name of LINK_NAMES) {
          for (const target of node?.links[name] ?? []) {
            checkNode(target);
            const parent = facts.nodes.get(target)?.parent;
            if (name === "covers" && parent) dirty.add(Scope.bloc(parent));
          }
        }
      }
    }
  }

  /** Re-runs one scope's checks; returns whether its issues changed. */
  #recheck(scope: string): boolean {
    const findings = checkScope(this.#facts, scope);
    const before = this.#scopes.get(scope);
    if (findings.length === 0) {
      this.#scopes.delete(scope);
      return before !== undefined;
    }
    const issues = findings.map((finding) => toIssue(finding, this.#facts));
    this.#scopes.set(scope, { findings, issues });
    return before === undefined || !sameIssues(before.issues, issues);
  }

  /** Renders a scope's findings again with the current codes; returns whether a message changed. */
  #rerender(entry: ScopeEntry): boolean {
    const issues = entry.findings.map((finding) => toIssue(finding, this.#facts));
    const changed = !sameIssues(entry.issues, issues);
    entry.issues = issues;
    return changed;
  }

  #collect(): ValidationReport {
    const issues: Issue[] = [];
    for (const entry of this.#scopes.values()) issues.push(...entry.issues);
    return toReport(issues);
  }
}

/** The root type a nested type lives in, and the key of the root's entry that holds it. */
function rootEntry(
  type: Y.AbstractType<unknown>,
): { root: Y.AbstractType<unknown>; key: string } | undefined {
  let current = type;
  while (current._item) {
    const parent = current._item.parent as Y.AbstractType<unknown>;
    if (!parent._item)
      return current._item.parentSub === null ? undefined : { root: parent, key: current._item.parentSub };
    current = parent;
  }
  return undefined;
}
