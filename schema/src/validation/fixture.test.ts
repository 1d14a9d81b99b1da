import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildOutline } from "../outline.ts";
import { toReferential } from "../projection.ts";
import { docFromSnapshot, parseSnapshot } from "../snapshot.ts";
import { LiveValidator } from "./live.ts";
import { validate, validateDoc } from "./validate.ts";

const FIXTURE = new URL("../../fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url);

describe("the demo référentiel (chef de projet marketing et communication)", () => {
  const doc = docFromSnapshot(parseSnapshot(readFileSync(FIXTURE, "utf8")));
  const ref = toReferential(doc);

  it("reports exactly its true findings", () => {
    const report = validate(ref);
    const { codes } = buildOutline(ref);
    const findings = report.issues.map((i) => [
      i.rule,
      i.nodeId === null ? null : codes.get(i.nodeId),
      i.field,
    ]);
    expect(findings).toEqual([
      // The transcribed fiche has no level and no certifier yet (meta.level "", certifiers []).
      ["meta.required", null, "meta.certifiers"],
      ["meta.required", null, "meta.level"],
      // « Décider d'actions correctives à mener au regard des écarts constatés entre objectifs
      // prévisionnels et résultats atteints. » states no purpose; every other competency does.
      ["competency.verb", "C4.6", "body"],
    ]);
    expect([report.errors, report.warnings]).toEqual([2, 1]);
    expect(report.issues[2]!.message.fr).toBe(
      "La compétence C4.6 ne précise pas sa finalité (« afin de », « pour » ou « en vue de »).",
    );
  });

  it("is followed identically by the live validator", () => {
    const live = new LiveValidator(doc);
    expect(live.report()).toEqual(validateDoc(doc));
    live.destroy();
  });
});
