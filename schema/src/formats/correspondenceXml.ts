import { correspondenceLines } from "../correspondence.ts";
import type { Referential } from "../model.ts";
import { escapeXml } from "./rncpExport.ts";

/**
 * The renewal in France Compétences' flux (v4.1), in the shape of the published fiches:
 * `ANCIENNES_CERTIFICATIONS` (right after `NUMERO_FICHE`) names the certification renewed, and
 * `CORRESPONDANCES` (at the end of the `FICHE`) has one `CORRESPONDANCE` per line of the table —
 * `SOURCE` this fiche's bloc(s), `DESTINATION` the old fiche and its bloc(s) — preceded by one with
 * only the old fiche when every old bloc corresponds totally. Lines are indented for depth 2.
 */

const tag = (depth: number, name: string, text: string) =>
  `${"  ".repeat(depth)}<${name}>${escapeXml(text)}</${name}>`;

export function ancienneCertificationsXml(ref: Pick<Referential, "meta">): string[] {
  const code = ref.meta.renewal?.previous.rncpCode;
  if (!code) return [];
  return [
    "    <ANCIENNES_CERTIFICATIONS>",
    "      <ANCIENNE_CERTIFICATION>",
    tag(4, "ID_FICHE_ANCIENNE_CERTIFICATION", code),
    "      </ANCIENNE_CERTIFICATION>",
    "    </ANCIENNES_CERTIFICATIONS>",
  ];
}

export function correspondancesXml(ref: Pick<Referential, "meta" | "nodes">): string[] {
  const previous = ref.meta.renewal?.previous.rncpCode;
  if (!previous) return [];
  const all = correspondenceLines(ref);
  const lines = all.filter((line) => line.new.length > 0 && line.old.length > 0);
  if (lines.length === 0) return [];
  const blocs = (depth: number, codes: string[]) =>
    codes.flatMap((code) => [
      `${"  ".repeat(depth)}<BLOC_COMPETENCES>`,
      tag(depth + 1, "CODE", code),
      `${"  ".repeat(depth)}</BLOC_COMPETENCES>`,
    ]);
  const out = ["    <CORRESPONDANCES>"];
  if (all.every((line) => line.coverage === "total" && line.new.length > 0)) {
    out.push("      <CORRESPONDANCE>", "        <DESTINATION>", tag(5, "NUMERO_FICHE", previous));
    out.push("        </DESTINATION>", "      </CORRESPONDANCE>");
  }
  for (const line of lines) {
    out.push(
      "      <CORRESPONDANCE>",
      "        <SOURCE>",
      ...blocs(
        5,
        line.new.map((bloc) => bloc.code),
      ),
    );
    out.push("        </SOURCE>", "        <DESTINATION>", tag(5, "NUMERO_FICHE", previous));
    out.push(
      ...blocs(
        5,
        line.old.map((bloc) => bloc.code),
      ),
      "        </DESTINATION>",
      "      </CORRESPONDANCE>",
    );
  }
  out.push("    </CORRESPONDANCES>");
  return out;
}
