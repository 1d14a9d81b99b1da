import type { KeptElement, Node, Referential, RichText } from "../model.ts";
import type { BlocOutline, Outline } from "../outline.ts";
import { InvalidInputError } from "../parse.ts";
import { RENEWAL_ELEMENTS } from "./correspondenceXml.ts";
import {
  blocModalities,
  competencyGroups,
  coveredCodes,
  type ExportMeta,
  isoDay,
  statementLines,
} from "./exportView.ts";
import { richToLines } from "./freeText.ts";
import {
  BLOC_ORDER,
  type BlocContext,
  competencyContent,
  FICHE_ORDER,
  type FluxContext,
  fluxContext,
  type ModeledElement,
  mergeElements,
  modalityContent,
} from "./rncpFlux.ts";
import { FICHE_TEXTS } from "./rncpReader.ts";
import { escapeXml } from "./xmlTree.ts";

/**
 * Export of a référentiel as a France Compétences fiche (flux v4.1). An imported fiche is written
 * back whole (rncpFlux.ts): every element the studio does not model verbatim and in the flux's
 * order, every modeled element as the certifier wrote it until it is edited. Edited or new blocs
 * are written as certifiers write them, so that `importRncpFiche` reads the file back:
 * - LISTE_COMPETENCES: the bloc's description, then each activity ("A1.1 Title") followed by the
 *   competencies derived from it, one per line, prefixed with its code;
 * - MODALITES_EVALUATION: each modality prefixed with the codes it covers ("C1.1 à C1.4 : Étude de
 *   cas : 2 h"), then its description; then "Critères d'évaluation :" and one criterion per line
 *   prefixed with the codes it evaluates (the flux has no field for criteria).
 * Transversal modalities are written into every bloc they cover. The flux identifies a fiche by
 * its number: a référentiel without an RNCP code is refused rather than written with an empty
 * NUMERO_FICHE (which flux readers skip).
 */

export function exportRncpXml(ref: Referential, options: ExportMeta = {}): string {
  if (!ref.meta.rncpCode) {
    throw new InvalidInputError(
      "Le flux RNCP identifie chaque fiche par son numéro : renseignez le code RNCP du référentiel (fiche de la certification) avant de l'exporter en XML France Compétences.",
    );
  }
  const context = fluxContext(ref);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const provenance = provenanceLine(options);
  if (provenance) out.push(`<!-- ${provenance.replace(/-{2,}/g, "-")} -->`);
  out.push("<FICHES>", "  <VERSION_FLUX>4.1</VERSION_FLUX>", "  <FICHE>");
  for (const xml of mergeElements(ref.meta.rncpFlux?.fiche, FICHE_ELEMENTS, FICHE_ORDER, context))
    out.push(`    ${xml}`);
  out.push("  </FICHE>", "</FICHES>", "");
  return out.join("\n");
}

const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;
const optional = (name: string, text: string) => (text.trim() ? element(name, text) : "");
const richText = (rich: RichText) => richToLines(rich).join("\n");

/**
 * A list of codes (FORMACODES/FORMACODE/CODE…): each code's item as the import had it (with its
 * LIBELLE) when it is still there, a new item otherwise.
 */
function codeList(outer: string, inner: string, codes: string[], kept: KeptElement | undefined): string {
  if (codes.length === 0) return "";
  const items = keptItems(kept, inner, (item) => [textOf(item, "CODE")]);
  const lines = codes.map(
    (code) => items.get(code) ?? `<${inner}>\n        ${element("CODE", code)}\n      </${inner}>`,
  );
  return `<${outer}>\n      ${lines.join("\n      ")}\n    </${outer}>`;
}

/** The items of a kept list element by key (an item's XML is its verbatim text). */
function keptItems(kept: KeptElement | undefined, inner: string, keys: (item: string) => string[]) {
  const items = new Map<string, string>();
  for (const match of kept?.xml.matchAll(new RegExp(`<${inner}>[\\s\\S]*?</${inner}>`, "g")) ?? []) {
    const key = keys(match[0]).join("|");
    if (!items.has(key)) items.set(key, match[0]);
  }
  return items;
}

/** The text of `name` inside an item's XML, unescaped ("" when absent). */
function textOf(xml: string, name: string): string {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? "";
  return raw
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
}

const textElement = (name: keyof typeof FICHE_TEXTS): ModeledElement<FluxContext> => ({
  name,
  value: ({ ref }) => ref.meta[FICHE_TEXTS[name]],
  write: ({ ref }) => optional(name, richText(ref.meta[FICHE_TEXTS[name]])),
});

/** The FICHE children the model edits (see rncpFlux.ts); the others are kept verbatim. */
export const FICHE_ELEMENTS: ModeledElement<FluxContext>[] = [
  {
    name: "NUMERO_FICHE",
    value: ({ ref }) => ref.meta.rncpCode,
    write: ({ ref }) => element("NUMERO_FICHE", ref.meta.rncpCode),
  },
  {
    name: "INTITULE",
    value: ({ ref }) => ref.meta.title,
    write: ({ ref }) => element("INTITULE", ref.meta.title),
  },
  {
    name: "FORMACODES",
    value: ({ ref }) => ref.meta.formacodes,
    write: ({ ref }, kept) => codeList("FORMACODES", "FORMACODE", ref.meta.formacodes, kept),
  },
  {
    name: "NOMENCLATURE_EUROPE",
    value: ({ ref }) => ref.meta.level,
    write: ({ ref }) =>
      ref.meta.level
        ? `<NOMENCLATURE_EUROPE>\n      ${element("NIVEAU", ref.meta.level)}\n      ${element("LIBELLE", `Niveau ${ref.meta.level.slice(3)}`)}\n    </NOMENCLATURE_EUROPE>`
        : "",
  },
  {
    name: "CODES_NSF",
    value: ({ ref }) => ref.meta.nsf,
    write: ({ ref }, kept) => codeList("CODES_NSF", "NSF", ref.meta.nsf, kept),
  },
  {
    name: "CERTIFICATEURS",
    value: ({ ref }) => ref.meta.certifiers,
    write: ({ ref }, kept) => {
      if (ref.meta.certifiers.length === 0) return "";
      const items = keptItems(kept, "CERTIFICATEUR", (item) => [
        textOf(item, "SIRET_CERTIFICATEUR"),
        textOf(item, "NOM_CERTIFICATEUR").replace(/\s+/g, " "),
      ]);
      const lines = ref.meta.certifiers.map(
        (c) =>
          items.get(`${c.siret ?? ""}|${c.name}`) ??
          [
            "<CERTIFICATEUR>",
            ...(c.siret ? [`        ${element("SIRET_CERTIFICATEUR", c.siret)}`] : []),
            `        ${element("NOM_CERTIFICATEUR", c.name)}`,
            "      </CERTIFICATEUR>",
          ].join("\n"),
      );
      return `<CERTIFICATEURS>\n      ${lines.join("\n      ")}\n    </CERTIFICATEURS>`;
    },
  },
  textElement("ACTIVITES_VISEES"),
  textElement("CAPACITES_ATTESTEES"),
  textElement("SECTEURS_ACTIVITE"),
  textElement("TYPE_EMPLOI_ACCESSIBLES"),
  {
    name: "CODES_ROME",
    value: ({ ref }) => ref.meta.rome,
    write: ({ ref }, kept) => codeList("CODES_ROME", "ROME", ref.meta.rome, kept),
  },
  textElement("REGLEMENTATIONS_ACTIVITES"),
  {
    name: "BLOCS_COMPETENCES",
    // Written from its blocs every time: each bloc keeps what it can (BLOC_ELEMENTS).
    write: (context) => {
      const blocs = context.outline.blocs.map((entry) => {
        const kept = context.ref.meta.rncpFlux?.blocs[entry.bloc.id];
        const children = mergeElements(kept, BLOC_ELEMENTS, BLOC_ORDER, { ...context, entry });
        return `<BLOC_COMPETENCES>\n${children.map((xml) => `        ${xml}`).join("\n")}\n      </BLOC_COMPETENCES>`;
      });
      return `<BLOCS_COMPETENCES>${blocs.map((xml) => `\n      ${xml}`).join("")}\n    </BLOCS_COMPETENCES>`;
    },
  },
  textElement("OBJECTIFS_CONTEXTE"),
  textElement("PREREQUIS_ENTREE_FORMATION"),
  ...RENEWAL_ELEMENTS,
];

/** The BLOC_COMPETENCES children the model edits. */
export const BLOC_ELEMENTS: ModeledElement<BlocContext>[] = [
  {
    name: "CODE",
    value: ({ entry, outline }) => outline.codes.get(entry.bloc.id),
    write: ({ entry, outline }) => element("CODE", outline.codes.get(entry.bloc.id) ?? ""),
  },
  {
    name: "LIBELLE",
    value: ({ entry }) => entry.bloc.title,
    write: ({ entry }) => element("LIBELLE", entry.bloc.title),
  },
  {
    name: "LISTE_COMPETENCES",
    value: competencyContent,
    write: ({ entry, outline }) =>
      element("LISTE_COMPETENCES", competencyListText(entry, outline).join("\n")),
  },
  {
    name: "MODALITES_EVALUATION",
    value: modalityContent,
    write: ({ entry, outline }) => element("MODALITES_EVALUATION", modalitiesText(entry, outline).join("\n")),
  },
  {
    name: "PREREQUIS_ENTREE_FORMATION_BLOC",
    value: ({ entry }) => entry.bloc.prerequisEntree,
    write: ({ entry }) => optional("PREREQUIS_ENTREE_FORMATION_BLOC", entry.bloc.prerequisEntree),
  },
  {
    name: "PREREQUIS_VALIDATION_BLOC",
    value: ({ entry }) => entry.bloc.prerequis,
    write: ({ entry }) => optional("PREREQUIS_VALIDATION_BLOC", entry.bloc.prerequis),
  },
];

/** Where an export comes from: version, date and snapshot hash, in one line (empty when none is known). */
export function provenanceLine(options: ExportMeta): string {
  const parts = ["Exporté par Référentiel Studio"];
  if (options.versionName) parts.push(`version « ${options.versionName} »`);
  if (options.date) parts.push(`du ${isoDay(options.date)}`);
  if (options.sha256) parts.push(`sha256 ${options.sha256}`);
  return parts.length > 1 ? parts.join(" — ") : "";
}

/** Lines with the first one prefixed (a code or a list of codes). */
function prefixed(prefix: string, lines: string[], separator = " "): string[] {
  const [first = "", ...rest] = lines;
  return [`${prefix}${separator}${first}`.trim(), ...rest];
}

function competencyListText(entry: BlocOutline, outline: Outline): string[] {
  const code = (node: Node) => outline.codes.get(node.id) ?? "";
  const lines = richToLines(entry.bloc.body);
  for (const group of competencyGroups(entry)) {
    if (group.activity) lines.push(...prefixed(code(group.activity), statementLines(group.activity)));
    for (const competency of group.competencies)
      lines.push(...prefixed(code(competency), statementLines(competency)));
  }
  return lines;
}

function modalitiesText(entry: BlocOutline, outline: Outline): string[] {
  const lines: string[] = [];
  for (const modality of blocModalities(entry, outline)) {
    const [first = "", ...rest] = statementLines(modality);
    const heading = modality.duration ? `${first} : ${modality.duration}` : first;
    const prefix =
      coveredCodes(modality.links.covers, entry, outline) || (outline.codes.get(modality.id) ?? "");
    lines.push(...prefixed(prefix, [heading, ...rest], " : "));
  }
  if (entry.criteria.length > 0) {
    lines.push("Critères d'évaluation :");
    for (const criterion of entry.criteria) {
      const prefix =
        coveredCodes(criterion.links.evaluates, entry, outline) || (outline.codes.get(criterion.id) ?? "");
      lines.push(...prefixed(prefix, statementLines(criterion), " : "));
    }
  }
  return lines;
}
