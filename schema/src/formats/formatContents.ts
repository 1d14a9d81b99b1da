import type { Referential } from "../model.ts";
import { buildOutline } from "../outline.ts";
import type { Message } from "../validation/rule.ts";

/**
 * What each export format holds of a référentiel, and what it cannot carry: shown before a
 * download, so no one believes a file holds what its format has no place for.
 */

export const EXPORT_FORMATS = ["docx", "xml", "case", "json", "comments"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type FormatContents = { holds: Message[]; misses: Message[] };

const m = (fr: string, en: string): Message => ({ fr, en });
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

export function formatContents(ref: Referential, format: ExportFormat): FormatContents {
  const outline = buildOutline(ref);
  const criteria = outline.blocs.reduce((n, b) => n + b.criteria.length, 0);
  const modalities = [...outline.blocs.flatMap((b) => b.modalities), ...outline.transversal];
  const grouped = modalities.filter((x) => x.grouping !== null).length;
  const typed = modalities.filter((x) => x.modalityType !== null).length;
  const multiSource = outline.blocs
    .flatMap((b) => b.competencies)
    .filter((c) => (c.links.activities ?? []).length > 1).length;
  const threads = ref.comments.length;
  const general = ref.meta.modalitesGenerales.length > 0;
  switch (format) {
    case "xml":
      return {
        holds: [
          m(
            "La fiche (flux France Compétences 4.1) : intitulé, niveau, codes, certificateurs, textes, blocs avec leurs compétences et modalités en texte ; d'une fiche importée, tous les éléments d'origine.",
            "The fiche (France Compétences flux 4.1): title, level, codes, certifiers, texts, blocs with their competencies and modalities as text; from an imported fiche, every original element.",
          ),
        ],
        misses: [
          ...(ref.meta.rncpCode
            ? []
            : [
                m(
                  "Pas de code RNCP : le flux identifie une fiche par son numéro, l'export XML est refusé tant qu'il manque.",
                  "No RNCP code: the flux identifies a fiche by its number, the XML export is refused until it is set.",
                ),
              ]),
          ...(criteria > 0
            ? [
                m(
                  `${plural(criteria, "critère d'évaluation", "critères d'évaluation")} : le flux n'a pas de champ pour eux, ils sont écrits en texte à la fin des modalités de chaque bloc.`,
                  `${plural(criteria, "evaluation criterion", "evaluation criteria")}: the flux has no field for them, they are written as text after each bloc's modalities.`,
                ),
              ]
            : []),
          ...(grouped > 0
            ? [
                m(
                  `Individuelle ou en groupe (${plural(grouped, "modalité", "modalités")}) : pas de champ dans le flux.`,
                  `Individual or group (${plural(grouped, "modality", "modalities")}): no field in the flux.`,
                ),
              ]
            : []),
          ...(typed > 0
            ? [
                m(
                  `Le type de ${plural(typed, "modalité", "modalités")} (étude de cas, dossier…) : seul le nom de la modalité est écrit.`,
                  `The type of ${plural(typed, "modality", "modalities")} (case study, portfolio…): only the modality's name is written.`,
                ),
              ]
            : []),
          ...(multiSource > 0
            ? [
                m(
                  `${plural(multiSource, "compétence issue", "compétences issues")} de plusieurs activités : le flux ne la range que sous la première.`,
                  `${plural(multiSource, "competency", "competencies")} derived from several activities: the flux files it under the first one only.`,
                ),
              ]
            : []),
          ...(general
            ? [
                m(
                  "Les modalités générales d'évaluation : pas de champ dans le flux.",
                  "The general evaluation rules: no field in the flux.",
                ),
              ]
            : []),
          ...(outline.transversal.length > 0
            ? [
                m(
                  "Les modalités transversales n'existent pas dans le flux : elles sont recopiées dans chaque bloc qu'elles couvrent.",
                  "Transversal modalities do not exist in the flux: they are copied into each bloc they cover.",
                ),
              ]
            : []),
          ...threadsMissing(threads),
        ],
      };
    case "case":
      return {
        holds: [
          m(
            "Un paquet CASE 1.1 : blocs, activités, compétences et modalités comme items, leurs liens, les critères en grilles (rubrics) par bloc.",
            "A CASE 1.1 package: blocs, activities, competencies and modalities as items, their links, criteria as one rubric per bloc.",
          ),
        ],
        misses: [
          m(
            "Les textes de présentation de la fiche (activités visées, capacités attestées…) : CASE n'a pas de place pour eux.",
            "The fiche's presentation texts (targeted activities, certified capabilities…): CASE has no place for them.",
          ),
          ...threadsMissing(threads),
        ],
      };
    case "docx":
      return {
        holds: [
          m(
            "Le document du dossier : page de titre, textes de la fiche, le tableau à 4 colonnes de chaque bloc, modalités transversales.",
            "The dossier's document: title page, fiche texts, each bloc's 4-column table, transversal modalities.",
          ),
        ],
        misses: threadsMissing(threads),
      };
    case "json":
      return {
        holds: [
          m(
            "Le référentiel entier au format canonique, avec son empreinte sha256 : il se réimporte tel quel.",
            "The whole référentiel in canonical form, with its sha256: it imports back as it is.",
          ),
        ],
        misses: threadsMissing(threads),
      };
    case "comments":
      return {
        holds: [
          m(
            "Les fils de commentaires de la version, avec leurs auteurs : une discussion interne, à ne pas joindre au dossier.",
            "The version's comment threads with their authors: internal discussion, not for the dossier.",
          ),
        ],
        misses: [m("Le contenu du référentiel.", "The référentiel's content.")],
      };
  }
}

function threadsMissing(threads: number): Message[] {
  return threads > 0
    ? [
        m(
          `${plural(threads, "fil de commentaires", "fils de commentaires")} : exportés à part (Commentaires), jamais dans ce fichier.`,
          `${plural(threads, "comment thread", "comment threads")}: exported apart (Comments), never in this file.`,
        ),
      ]
    : [];
}
