/** What validation reports: one issue per finding, with a stable rule id and bilingual messages. */

export const RULE_IDS = [
  "structure.invalid",
  "structure.orphan",
  "structure.parent",
  "bloc.min",
  "bloc.competencies",
  "bloc.modality",
  "bloc.evaluable",
  "competency.evaluated",
  "link.dangling",
  "link.bloc",
  "code.unique",
  "code.sequence",
  "competency.duplicate",
  "meta.required",
  "meta.limits",
  "meta.siret",
  "meta.codes",
  "activity.traced",
  "competency.verb",
  "criterion.observable",
  "criterion.duplicate",
  "modality.description",
  "comments.open",
  "suggestions.open",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = "error" | "warning";

export type Issue = {
  rule: RuleId;
  severity: Severity;
  /** The node the issue points at, or null for the référentiel as a whole (meta, bloc.min...). */
  nodeId: string | null;
  /** The field to focus, when one is at fault (e.g. "body", "title", "meta.level"). */
  field?: string;
  message: { fr: string; en: string };
  /** Stable identity of the finding (rule + node + detail): a React key and a diff key. */
  key: string;
};

export type ValidationReport = {
  issues: Issue[];
  errors: number;
  warnings: number;
};

/** Phase of the export gate: a report with errors cannot become a validated snapshot. */
export function hasErrors(report: ValidationReport): boolean {
  return report.errors > 0;
}
