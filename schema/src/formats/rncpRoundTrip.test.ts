import { DOMParser, type Element } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { plainToRich } from "../richtext.ts";
import { exportRncpXml } from "./rncpExport.ts";
import { importRncpFiche } from "./rncpImport.ts";
import { rncpPreview } from "./tables/importFile.ts";
import { setBlocTitle } from "./tables/previewEdits.ts";
import { previewToReferential } from "./tables/previewToReferential.ts";
import { chunksOf, rawBlocs, sampleXml } from "./testHelpers.ts";

/**
 * The RNCP flux whole: import then export of every fixture fiche gives back every element, in
 * the flux's order, with the same text — read by an independent XML parser (xmldom), not by the
 * studio's own reader.
 */

const xml = sampleXml();
const NUMBERS = [...new Set(rawBlocs(xml).map((b) => b.fiche))];

const elements = (parent: Element): Element[] =>
  Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1);
const flat = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

/** The FICHE of `number` in a document, read by xmldom. */
function ficheOf(document: string, number: string): Element {
  const root = new DOMParser().parseFromString(document, "text/xml").documentElement;
  if (!root) throw new Error("document vide");
  const fiche = elements(root).find(
    (f) =>
      f.tagName === "FICHE" &&
      elements(f).some((c) => c.tagName === "NUMERO_FICHE" && flat(c.textContent) === number),
  );
  if (!fiche) throw new Error(`fiche ${number} absente`);
  return fiche;
}

/** Each child of an element as [name, text with whitespace folded]; BLOCS_COMPETENCES one level deeper. */
function digest(fiche: Element): [string, string][] {
  return elements(fiche).flatMap((child): [string, string][] =>
    child.tagName === "BLOCS_COMPETENCES"
      ? elements(child).flatMap((bloc) =>
          elements(bloc).map((e): [string, string] => [`BLOC/${e.tagName}`, flat(e.textContent)]),
        )
      : [[child.tagName, flat(child.textContent)]],
  );
}

const exported = async (
  number: string,
  edit?: (ref: Awaited<ReturnType<typeof importRncpFiche>>["referential"]) => void,
) => {
  const { referential } = await importRncpFiche(chunksOf(xml), number);
  edit?.(referential);
  return exportRncpXml(referential);
};

describe("RNCP flux round trip", () => {
  it.each(NUMBERS)("gives back every element of fiche %s, in order, with the same text", async (number) => {
    const original = ficheOf(xml, number);
    const back = ficheOf(await exported(number), number);
    expect(digest(back)).toEqual(digest(original));
    // What an independent flux reader reads as the fiche's state.
    const actif = (fiche: Element) =>
      flat(elements(fiche).find((e) => e.tagName === "ACTIF")?.textContent ?? null);
    expect(actif(back)).toBe(actif(original));
  });

  it("rewrites only the edited bloc text, keeps labels of unchanged codes, adds new elements in the flux's order", async () => {
    const number = "RNCP36490";
    const original = ficheOf(xml, number);
    const back = ficheOf(
      await exported(number, (ref) => {
        const competency = ref.nodes.find((n) => n.kind === "competency" && n.parent === "RNCP36490BC01");
        if (!competency) throw new Error("compétence absente");
        competency.body = plainToRich("Concevoir une interface accessible afin de servir tous les usagers.");
        ref.meta.rome = [...ref.meta.rome, "M1806"];
        const bloc = ref.nodes.find((n) => n.id === "RNCP36490BC02");
        if (bloc?.kind !== "bloc") throw new Error("bloc absent");
        bloc.prerequisEntree = "Avoir validé le bloc 1.";
      }),
      number,
    );
    const before = new Map(digest(original).map(([name, text], i) => [`${i}:${name}`, text]));
    const after = digest(back);
    const blocTexts = (d: [string, string][], name: string) =>
      d.filter(([n]) => n === `BLOC/${name}`).map(([, t]) => t);
    // Bloc 1's competencies are written from the model; every other bloc text is the original.
    const lists = blocTexts(after, "LISTE_COMPETENCES");
    expect(lists[0]).toContain("Concevoir une interface accessible afin de servir tous les usagers.");
    expect(lists.slice(1)).toEqual(blocTexts(digest(original), "LISTE_COMPETENCES").slice(1));
    expect(blocTexts(after, "MODALITES_EVALUATION")).toEqual(
      blocTexts(digest(original), "MODALITES_EVALUATION"),
    );
    // The new prerequisite sits after MODALITES_EVALUATION of bloc 2, as the flux orders a bloc.
    const bloc2 = elements(
      elements(back).find((e) => e.tagName === "BLOCS_COMPETENCES") as Element,
    )[1] as Element;
    expect(elements(bloc2).map((e) => e.tagName)).toEqual([
      "CODE",
      "LIBELLE",
      "LISTE_COMPETENCES",
      "MODALITES_EVALUATION",
      "PREREQUIS_ENTREE_FORMATION_BLOC",
    ]);
    // The ROME list keeps each code's label and gains the new code.
    const rome = elements(back).find((e) => e.tagName === "CODES_ROME") as Element;
    const originalRome = elements(original).find((e) => e.tagName === "CODES_ROME") as Element;
    expect(flat(rome.textContent)).toBe(`${flat(originalRome.textContent)} M1806`);
    expect(before.size).toBeGreaterThan(30);
  });

  it.each(NUMBERS)("keeps fiche %s whole through the import preview the user confirms", async (number) => {
    const imported = await importRncpFiche(chunksOf(xml), number);
    const confirmed = previewToReferential(rncpPreview(imported));
    expect(await exportRncpXml(confirmed)).toBe(await exportRncpXml(imported.referential));
  });

  it("exports a bloc retitled in the preview with the fiche's other elements kept verbatim", async () => {
    const number = "RNCP36490";
    const imported = await importRncpFiche(chunksOf(xml), number);
    const preview = rncpPreview(imported);
    const second = preview.blocs[1];
    if (!second) throw new Error("bloc 2 absent");
    const back = ficheOf(
      await exportRncpXml(previewToReferential(setBlocTitle(preview, second.id, "Piloter la qualité"))),
      number,
    );
    const original = digest(ficheOf(xml, number));
    const after = digest(back);
    expect(after.filter(([name]) => name === "BLOC/LIBELLE")[1]).toEqual([
      "BLOC/LIBELLE",
      "Piloter la qualité",
    ]);
    const others = (d: [string, string][]) => d.filter(([name]) => name !== "BLOC/LIBELLE");
    expect(others(after)).toEqual(others(original));
  });

  it("refuses a référentiel without RNCP code instead of writing an empty NUMERO_FICHE", async () => {
    await expect(
      exported("RNCP35809", (ref) => {
        ref.meta.rncpCode = "";
      }),
    ).rejects.toThrow(/renseignez le code RNCP/);
  });

  it("refuses kept XML that is not the element it claims to be, instead of writing it out", async () => {
    for (const xml of ["<ACTIF>1</ACTIF></FICHE><FICHE>", "<ACTIF>1", "<AUTRE>1</AUTRE>", "texte"]) {
      await expect(
        exported("RNCP35809", (ref) => {
          const actif = ref.meta.rncpFlux?.fiche.find((e) => e.name === "ACTIF");
          if (!actif) throw new Error("ACTIF absent");
          actif.xml = xml;
        }),
        xml,
      ).rejects.toThrow(/<ACTIF> conservé de la fiche importée n'est pas du XML valide/);
    }
  });
});
