import type { Node, Referential } from "../model.ts";
import { type BlocOutline, buildOutline, type Outline } from "../outline.ts";
import { ancienneCertificationsXml, correspondancesXml } from "./correspondenceXml.ts";
import {
  blocModalities,
  competencyGroups,
  coveredCodes,
  type ExportMeta,
  isoDay,
  statementLines,
} from "./exportView.ts";
import { richToLines } from "./freeText.ts";
import { FICHE_TEXTS } from "./rncpReader.ts";

/**
 * Export of a référentiel as a France Compétences fiche (flux v4.1). Competencies and modalities
 * are written as certifiers write them, so that `importRncpFiche` reads the file back:
 * - LISTE_COMPETENCES: the bloc's description, then each activity ("A1.1 Title") followed by the
 *   competencies derived from it, one per line, prefixed with its code;
 * - MODALITES_EVALUATION: each modality prefixed with the codes it covers ("C1.1 à C1.4 : Étude de
 *   cas : 2 h"), then its description; then "Critères d'évaluation :" and one criterion per line
 *   prefixed with the codes it evaluates (the flux has no field for criteria).
 * Transversal modalities are written into every bloc they cover.
 */

export function exportRncpXml(ref: Referential, options: ExportMeta = {}): string {
  const outline = buildOutline(ref);
  const { meta } = ref;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const provenance = provenanceLine(options);
  if (provenance) out.push(`<!-- ${provenance.replace(/-{2,}/g, "-")} -->`);
  out.push("<FICHES>", "  <VERSION_FLUX>4.1</VERSION_FLUX>", "  <FICHE>");
  const el = (depth: number, name: string, text: string) =>
    out.push(`${"  ".repeat(depth)}<${name}>${escapeXml(text)}</${name}>`);
  const list = (outer: string, inner: string, codes: string[]) => {
    if (codes.length === 0) return;
    out.push(`    <${outer}>`);
    for (const code of codes)
      out.push(`      <${inner}>`, `        <CODE>${escapeXml(code)}</CODE>`, `      </${inner}>`);
    out.push(`    </${outer}>`);
  };
  const text = (element: keyof typeof FICHE_TEXTS) =>
    el(2, element, richToLines(meta[FICHE_TEXTS[element]]).join("\n"));

  el(2, "NUMERO_FICHE", meta.rncpCode);
  out.push(...ancienneCertificationsXml(ref));
  el(2, "INTITULE", meta.title);
  list("FORMACODES", "FORMACODE", meta.formacodes);
  if (meta.level) {
    out.push("    <NOMENCLATURE_EUROPE>");
    el(3, "NIVEAU", meta.level);
    el(3, "LIBELLE", `Niveau ${meta.level.slice(3)}`);
    out.push("    </NOMENCLATURE_EUROPE>");
  }
  list("CODES_NSF", "NSF", meta.nsf);
  if (meta.certifiers.length > 0) {
    out.push("    <CERTIFICATEURS>");
    for (const certifier of meta.certifiers) {
      out.push("      <CERTIFICATEUR>");
      if (certifier.siret) el(4, "SIRET_CERTIFICATEUR", certifier.siret);
      el(4, "NOM_CERTIFICATEUR", certifier.name);
      out.push("      </CERTIFICATEUR>");
    }
    out.push("    </CERTIFICATEURS>");
  }
  text("ACTIVITES_VISEES");
  text("CAPACITES_ATTESTEES");
  text("SECTEURS_ACTIVITE");
  text("TYPE_EMPLOI_ACCESSIBLES");
  list("CODES_ROME", "ROME", meta.rome);
  out.push("    <BLOCS_COMPETENCES>");
  for (const entry of outline.blocs) {
    out.push("      <BLOC_COMPETENCES>");
    el(4, "CODE", outline.codes.get(entry.bloc.id) ?? "");
    el(4, "LIBELLE", entry.bloc.title);
    el(4, "LISTE_COMPETENCES", competencyListText(entry, outline).join("\n"));
    el(4, "MODALITES_EVALUATION", modalitiesText(entry, outline).join("\n"));
    out.push("      </BLOC_COMPETENCES>");
  }
  out.push("    </BLOCS_COMPETENCES>");
  text("OBJECTIFS_CONTEXTE");
  out.push(...correspondancesXml(ref));
  out.push("  </FICHE>", "</FICHES>", "");
  return out.join("\n");
}

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

/** Text for an XML element: escaped, without the characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
