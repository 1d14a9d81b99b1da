import type { KeptElement, Referential } from "../model.ts";
import { type BlocOutline, buildOutline, type Outline } from "../outline.ts";
import { InvalidInputError } from "../parse.ts";
import { canonicalJson, sha256Hex } from "../snapshot.ts";
import { blocModalities, competencyGroups, coveredCodes } from "./exportView.ts";
import { richToLines } from "./freeText.ts";
import type { FluxElement } from "./rncpReader.ts";
import { isElementXml } from "./xmlTree.ts";

/**
 * The RNCP flux kept whole: an imported fiche keeps every element as XML (meta.rncpFlux). The
 * elements the model edits carry the digest of what the import made of them; export writes an
 * element back as the certifier wrote it while the model still says the same, and writes it from
 * the model once edited. Elements the model does not know go back verbatim, in the flux's order.
 *
 * Each modeled element is one entry of FICHE_ELEMENTS or BLOC_ELEMENTS: a name, the part of the
 * référentiel it carries, and how it is written. A new exported element (e.g. correspondences) is
 * one more entry.
 */

/** What writing one fiche knows. */
export type FluxContext = { ref: Referential; outline: Outline };
export type BlocContext = FluxContext & { entry: BlocOutline };

/** A flux element the model edits. */
export type ModeledElement<C> = {
  name: string;
  /**
   * The part of the référentiel the element carries: equal digests mean « not edited since the
   * import ». Without it the element is always written from the model (its parts keep what they can).
   */
  value?: (context: C) => unknown;
  /** The element written from the model (with its indentation), "" to write nothing; `kept` is the imported one. */
  write: (context: C, kept: KeptElement | undefined) => string;
};

/** The order of FICHE's children in flux v4.1, where a modeled element missing from the kept list goes. */
export const FICHE_ORDER = [
  "ID_FICHE",
  "NUMERO_FICHE",
  "NOUVELLES_CERTIFICATIONS",
  "ANCIENNES_CERTIFICATIONS",
  "INTITULE",
  "ABREGE",
  "ETAT_FICHE",
  "FORMACODES",
  "NOMENCLATURE_EUROPE",
  "CODES_NSF",
  "CERTIFICATEURS",
  "EXISTENCE_PARTENAIRES",
  "PARTENAIRES",
  "ACTIVITES_VISEES",
  "CAPACITES_ATTESTEES",
  "SECTEURS_ACTIVITE",
  "TYPE_EMPLOI_ACCESSIBLES",
  "CODES_ROME",
  "REGLEMENTATIONS_ACTIVITES",
  "SI_JURY_FI",
  "SI_JURY_CA",
  "SI_JURY_FC",
  "SI_JURY_CQ",
  "SI_JURY_CL",
  "SI_JURY_VAE",
  "ACCESSIBLE_NOUVELLE_CALEDONIE",
  "ACCESSIBLE_POLYNESIE_FRANCAISE",
  "PUBLICATION_DECRET_GENERAL",
  "PUBLICATION_DECRET_CREATION",
  "PUBLICATION_DECRET_AUTRE",
  "DATE_DERNIER_JO",
  "DATE_DECISION",
  "DUREE_ENREGISTREMENT",
  "STATISTIQUES_PROMOTIONS",
  "LIEN_URL_DESCRIPTION",
  "DATE_FIN_ENREGISTREMENT",
  "DATE_EFFET",
  "TYPE_ENREGISTREMENT",
  "BLOCS_COMPETENCES",
  "OBJECTIFS_CONTEXTE",
  "ACTIF",
  "PREREQUIS_ENTREE_FORMATION",
  "DATE_DE_PUBLICATION",
  "CORRESPONDANCES",
];

export const BLOC_ORDER = [
  "CODE",
  "LIBELLE",
  "LISTE_COMPETENCES",
  "MODALITES_EVALUATION",
  "PREREQUIS_ENTREE_FORMATION_BLOC",
  "PREREQUIS_VALIDATION_BLOC",
];

export function digestOf(value: unknown): string {
  return sha256Hex(canonicalJson(value ?? null)).slice(0, 32);
}

/** The lines of a bloc's competencies as the model holds them: what LISTE_COMPETENCES carries. */
export function competencyContent({ entry, outline }: BlocContext): unknown {
  const code = (id: string) => outline.codes.get(id) ?? "";
  return {
    description: richToLines(entry.bloc.body),
    groups: competencyGroups(entry).map((group) => ({
      activity: group.activity
        ? [code(group.activity.id), group.activity.title, richToLines(group.activity.body)]
        : null,
      competencies: group.competencies.map((c) => [code(c.id), c.title, richToLines(c.body)]),
    })),
  };
}

/** The bloc's modalities and criteria as the model holds them: what MODALITES_EVALUATION carries. */
export function modalityContent({ entry, outline }: BlocContext): unknown {
  return {
    modalities: blocModalities(entry, outline).map((m) => [
      outline.codes.get(m.id) ?? "",
      m.title,
      richToLines(m.body),
      m.modalityType,
      m.grouping,
      m.duration,
      coveredCodes(m.links.covers, entry, outline),
    ]),
    criteria: entry.criteria.map((c) => [
      outline.codes.get(c.id) ?? "",
      c.title,
      richToLines(c.body),
      coveredCodes(c.links.evaluates, entry, outline),
    ]),
  };
}

/**
 * The elements of a container (FICHE or BLOC_COMPETENCES) in order: the kept ones, each modeled
 * one from the model unless its digest says it was not edited, then the modeled ones the import
 * did not have, at their place in `order`.
 */
export function mergeElements<C>(
  kept: readonly KeptElement[] | undefined,
  modeled: readonly ModeledElement<C>[],
  order: readonly string[],
  context: C,
): string[] {
  const byName = new Map(modeled.map((m) => [m.name, m]));
  const out: { name: string; xml: string }[] = [];
  const done = new Set<string>();
  for (const element of kept ?? []) {
    // Kept XML is written verbatim: it must be the element it says it is (a snapshot may bring anything).
    if (!isElementXml(element.xml, element.name)) {
      throw new InvalidInputError(
        `L'élément <${element.name.slice(0, 60)}> conservé de la fiche importée n'est pas du XML valide : réimportez la fiche d'origine.`,
      );
    }
    const model = byName.get(element.name);
    if (!model) {
      out.push(element);
      continue;
    }
    if (done.has(element.name)) continue; // a repeated modeled element: the model writes it once
    done.add(element.name);
    const unchanged =
      element.digest !== undefined &&
      model.value !== undefined &&
      element.digest === digestOf(model.value(context));
    const xml = unchanged ? element.xml : model.write(context, element);
    if (xml) out.push({ name: element.name, xml });
  }
  const rank = (name: string) => order.indexOf(name);
  for (const model of modeled) {
    if (done.has(model.name)) continue;
    const xml = model.write(context, undefined);
    if (!xml) continue;
    let at = 0;
    out.forEach((element, i) => {
      if (rank(element.name) !== -1 && rank(element.name) < rank(model.name)) at = i + 1;
    });
    out.splice(at, 0, { name: model.name, xml });
  }
  return out.map((element) => element.xml);
}

/** Kept elements of an import: the modeled ones with the digest of what the import made of them. */
export function keepElements<C>(
  elements: readonly FluxElement[],
  modeled: readonly ModeledElement<C>[],
  context: C,
): KeptElement[] {
  const byName = new Map(modeled.map((m) => [m.name, m]));
  return elements.map((element) => {
    const model = byName.get(element.name);
    return model?.value ? { ...element, digest: digestOf(model.value(context)) } : { ...element };
  });
}

/** The outline and contexts of a référentiel, for keepElements and mergeElements. */
export function fluxContext(ref: Referential): FluxContext {
  return { ref, outline: buildOutline(ref) };
}
