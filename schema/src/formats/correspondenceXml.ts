import { correspondenceLines } from "../correspondence.ts";
import type { Referential } from "../model.ts";
import type { FluxContext, ModeledElement } from "./rncpFlux.ts";
import { escapeXml } from "./xmlTree.ts";

/**
 * The renewal in France Compétences' flux (v4.1), in the shape of the published fiches:
 * `ANCIENNES_CERTIFICATIONS` names the certification renewed, and `CORRESPONDANCES` (at the end
 * of the `FICHE`) has one `CORRESPONDANCE` per line of the table — `SOURCE` this fiche's bloc(s),
 * `DESTINATION` the old fiche and its bloc(s) — preceded by one with only the old fiche when every
 * old bloc corresponds totally. Two entries of the export's modeled elements (rncpExport.ts): an
 * imported fiche's own elements go back as they were until the team sets a table.
 */
export const RENEWAL_ELEMENTS: ModeledElement<FluxContext>[] = [
  {
    name: "ANCIENNES_CERTIFICATIONS",
    value: ({ ref }) => ref.meta.renewal?.previous.rncpCode ?? null,
    write: ({ ref }, kept) => (ref.meta.renewal ? ancienneCertifications(ref) : (kept?.xml ?? "")),
  },
  {
    name: "CORRESPONDANCES",
    value: ({ ref }) => (ref.meta.renewal ? [ref.meta.renewal.previous, correspondenceLines(ref)] : null),
    write: ({ ref }, kept) => (ref.meta.renewal ? correspondances(ref) : (kept?.xml ?? "")),
  },
];

/** Lines at `depth` (two spaces each) below the FICHE's children, whose own indentation the caller gives. */
const at = (depth: number, line: string) => `${"  ".repeat(depth)}${line}`;
const tag = (depth: number, name: string, text: string) => at(depth, `<${name}>${escapeXml(text)}</${name}>`);

function ancienneCertifications(ref: Pick<Referential, "meta">): string {
  const code = ref.meta.renewal?.previous.rncpCode;
  if (!code) return "";
  return [
    "<ANCIENNES_CERTIFICATIONS>",
    at(3, "<ANCIENNE_CERTIFICATION>"),
    tag(4, "ID_FICHE_ANCIENNE_CERTIFICATION", code),
    at(3, "</ANCIENNE_CERTIFICATION>"),
    at(2, "</ANCIENNES_CERTIFICATIONS>"),
  ].join("\n");
}

function correspondances(ref: Pick<Referential, "meta" | "nodes">): string {
  const previous = ref.meta.renewal?.previous.rncpCode;
  if (!previous) return "";
  const all = correspondenceLines(ref);
  const lines = all.filter((line) => line.new.length > 0 && line.old.length > 0);
  if (lines.length === 0) return "";
  const blocs = (codes: string[]) =>
    codes.flatMap((code) => [
      at(5, "<BLOC_COMPETENCES>"),
      tag(6, "CODE", code),
      at(5, "</BLOC_COMPETENCES>"),
    ]);
  const out = ["<CORRESPONDANCES>"];
  if (all.every((line) => line.coverage === "total" && line.new.length > 0)) {
    out.push(at(3, "<CORRESPONDANCE>"), at(4, "<DESTINATION>"), tag(5, "NUMERO_FICHE", previous));
    out.push(at(4, "</DESTINATION>"), at(3, "</CORRESPONDANCE>"));
  }
  for (const line of lines) {
    out.push(at(3, "<CORRESPONDANCE>"), at(4, "<SOURCE>"), ...blocs(line.new.map((bloc) => bloc.code)));
    out.push(at(4, "</SOURCE>"), at(4, "<DESTINATION>"), tag(5, "NUMERO_FICHE", previous));
    // An old bloc known by its number only (« BC02 », read from a Word table) takes the old fiche's.
    const oldCodes = line.old.map((bloc) =>
      /^BC\d+$/.test(bloc.code) ? `${previous}${bloc.code}` : bloc.code,
    );
    out.push(...blocs(oldCodes), at(4, "</DESTINATION>"), at(3, "</CORRESPONDANCE>"));
  }
  out.push(at(2, "</CORRESPONDANCES>"));
  return out.join("\n");
}
