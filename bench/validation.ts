import {
  LiveValidator,
  LOCAL_ORIGIN,
  nodeBody,
  nodesMap,
  textLeaves,
  toReferential,
  validate,
} from "@refstudio/schema";
import { buildLargeReferential, type LargeReferential } from "./large-referential.ts";
import { median, type Summary, summarize } from "./stats.ts";

/**
 * DESIGN §5/§9 incremental validation: on the large référentiel with a LiveValidator attached,
 * one keystroke in a random competency, timed from the start of the transaction to the updated
 * report (the validator runs on `afterTransaction`, inside the transaction's call). 1,000 edits
 * after 100 of warm-up. The reference is one full `validate(toReferential(doc))`.
 */

export type ValidationResult = {
  edit: Summary;
  /** The same keystrokes on a copy without a validator: what Yjs alone costs. */
  editWithoutValidator: Summary;
  fullValidation: number;
};

const EDITS = 1_000;
const WARMUP = 100;

/** Seeded keystrokes: which competency (index), where in its text (fraction). */
function keystrokes(competencies: number, count: number, seed: number) {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: count }, () => ({
    competency: Math.floor(next() * competencies),
    at: next(),
  }));
}

function typeAndTime(
  { doc, competencyIds }: LargeReferential,
  edits: ReturnType<typeof keystrokes>,
  after: () => void,
): number[] {
  return edits.map(({ competency, at }) => {
    const text = textLeaves(nodeBody(nodesMap(doc).get(competencyIds[competency]!)!))[0]!.text;
    const started = performance.now();
    doc.transact(() => text.insert(Math.floor(at * text.length), "e"), LOCAL_ORIGIN);
    after();
    return performance.now() - started;
  });
}

export function measureValidation(): ValidationResult {
  const large = buildLargeReferential();
  const { doc } = large;
  const edits = keystrokes(large.competencyIds.length, WARMUP + EDITS, 7);
  const validator = new LiveValidator(doc);
  try {
    let report = validator.report();
    const timed = typeAndTime(large, edits, () => {
      report = validator.report();
    }).slice(WARMUP);
    const bareTimes = typeAndTime(buildLargeReferential(), edits, () => {}).slice(WARMUP);
    const full = Array.from({ length: 7 }, () => {
      const started = performance.now();
      validate(toReferential(doc));
      return performance.now() - started;
    }).slice(2);
    // Timings of a wrong report mean nothing: it must still equal a full validation.
    if (JSON.stringify(report) !== JSON.stringify(validate(toReferential(doc)))) {
      throw new Error("le rapport du LiveValidator diffère de celui d'une validation complète");
    }
    return {
      edit: summarize(timed),
      editWithoutValidator: summarize(bareTimes),
      fullValidation: median(full),
    };
  } finally {
    validator.destroy();
  }
}
