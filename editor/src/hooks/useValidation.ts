import { LiveValidator, type ValidationReport } from "@refstudio/schema";
import { useSyncExternalStore } from "react";
import type * as Y from "yjs";

const validators = new WeakMap<Y.Doc, LiveValidator>();

/** One incremental validator per document, shared by every component that shows issues. */
export function validatorOf(doc: Y.Doc): LiveValidator {
  let validator = validators.get(doc);
  if (!validator) {
    validator = new LiveValidator(doc);
    validators.set(doc, validator);
  }
  return validator;
}

/** The live validation report of a document (re-checked incrementally on every change). */
export function useValidation(doc: Y.Doc): ValidationReport {
  const validator = validatorOf(doc);
  return useSyncExternalStore(
    (onChange) => validator.subscribe(onChange),
    () => validator.report(),
  );
}

type Counts = { errors: number; warnings: number };
const NONE: Counts = { errors: 0, warnings: 0 };
const countsByReport = new WeakMap<ValidationReport, Map<string, Counts>>();

function countsOf(report: ValidationReport): Map<string, Counts> {
  let counts = countsByReport.get(report);
  if (!counts) {
    counts = new Map();
    for (const issue of report.issues) {
      if (!issue.nodeId) continue;
      const prev = counts.get(issue.nodeId) ?? NONE;
      counts.set(
        issue.nodeId,
        issue.severity === "error"
          ? { errors: prev.errors + 1, warnings: prev.warnings }
          : { errors: prev.errors, warnings: prev.warnings + 1 },
      );
    }
    countsByReport.set(report, counts);
  }
  return counts;
}

/** Error and warning counts of one node; re-renders only when they change. */
export function useNodeIssueCounts(doc: Y.Doc, nodeId: string): Counts {
  const validator = validatorOf(doc);
  const key = useSyncExternalStore(
    (onChange) => validator.subscribe(onChange),
    () => {
      const counts = countsOf(validator.report()).get(nodeId) ?? NONE;
      return `${counts.errors}/${counts.warnings}`;
    },
  );
  const [errors, warnings] = key.split("/").map(Number);
  return { errors: errors ?? 0, warnings: warnings ?? 0 };
}
