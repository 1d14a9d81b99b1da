import { describe, expect, it } from "vitest";
import { formatContents } from "./formatContents.ts";
import { demo } from "./testHelpers.ts";

describe("formatContents", () => {
  it("lists what the RNCP flux cannot carry: criteria, grouping, several source activities, missing code", () => {
    const ref = demo();
    const modality = ref.nodes.find((n) => n.kind === "modality");
    if (modality?.kind !== "modality") throw new Error("modalité absente");
    modality.grouping = "group";
    const criteria = ref.nodes.filter((n) => n.kind === "criterion").length;
    const misses = formatContents(ref, "xml").misses.map((x) => x.fr);
    expect(misses).toContain(
      `${criteria} critères d'évaluation : le flux n'a pas de champ pour eux, ils sont écrits en texte à la fin des modalités de chaque bloc.`,
    );
    expect(misses.some((x) => /^Individuelle ou en groupe \(\d+ modalités?\)/.test(x))).toBe(true);
    expect(misses.some((x) => /compétences? issues? de plusieurs activités/.test(x))).toBe(true);
    expect(misses.some((x) => x.startsWith("Pas de code RNCP"))).toBe(false);
    const uncoded = formatContents({ ...ref, meta: { ...ref.meta, rncpCode: "" } }, "xml").misses;
    expect(uncoded[0]?.fr).toMatch(/^Pas de code RNCP/);
    expect(formatContents(ref, "docx").misses).toEqual([]);
  });
});
