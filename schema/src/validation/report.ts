import type { Issue, ValidationReport } from "./issue.ts";
import type { Finding, Names } from "./rule.ts";
import { VALIDATION_RULES } from "./rules.ts";

/** From findings to the report: rendered messages, stable keys, deterministic order. */

export function toIssue(finding: Finding, names: Names): Issue {
  const issue: Issue = {
    rule: finding.rule,
    severity: VALIDATION_RULES[finding.rule].severity,
    nodeId: finding.nodeId,
    message: finding.message(names),
    key: [finding.rule, finding.nodeId ?? "-", finding.detail].filter((part) => part !== undefined).join(":"),
  };
  if (finding.field !== undefined) issue.field = finding.field;
  return issue;
}

/** Errors first, then by key (and message, so equal keys still sort the same way everywhere). */
function compareIssues(a: Issue, b: Issue): number {
  if (a.severity !== b.severity) return a.severity === "error" ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.message.fr < b.message.fr ? -1 : a.message.fr > b.message.fr ? 1 : 0;
}

export function toReport(issues: Issue[]): ValidationReport {
  const sorted = [...issues].sort(compareIssues);
  // Keys identify findings: keep one issue per key (zod may report one path twice).
  const unique = sorted.filter((issue, i) => i === 0 || sorted[i - 1]!.key !== issue.key);
  const errors = unique.filter((issue) => issue.severity === "error").length;
  return { issues: unique, errors, warnings: unique.length - errors };
}

export function sameIssues(a: readonly Issue[], b: readonly Issue[]): boolean {
  return a.length === b.length && a.every((issue, i) => sameIssue(issue, b[i]!));
}

function sameIssue(a: Issue, b: Issue): boolean {
  return (
    a.key === b.key &&
    a.severity === b.severity &&
    a.nodeId === b.nodeId &&
    a.field === b.field &&
    a.message.fr === b.message.fr &&
    a.message.en === b.message.en
  );
}
