import type { Node } from "../model.ts";
import type { RuleId, Severity } from "./issue.ts";

/**
 * What a rule check produces before it becomes an Issue: the message is rendered late, from the
 * current codes, so a reorder renames every finding without re-checking any.
 */
export type Message = { fr: string; en: string };

/** What messages may read to name nodes: the effective codes and the (usable) nodes. */
export interface Names {
  /** Effective code of a placed node (pinned or derived from position). */
  code(id: string): string | undefined;
  node(id: string): Node | undefined;
  /** The node's main text as plain text: statement for competencies and criteria, label for the rest. */
  text(id: string): string;
}

export type Finding = {
  rule: RuleId;
  nodeId: string | null;
  field?: string;
  /** Distinguishes findings of one rule on one node; part of the issue key. */
  detail?: string;
  message: (names: Names) => Message;
};

/** One line of a rule table: what the rule demands (shown in the UI's rule list) and how bad a breach is. */
export type RuleSpec = { severity: Severity; summary: Message };

export type RuleTable<Id extends RuleId> = Record<Id, RuleSpec>;
