import type { RuleId } from "./issue.ts";
import type { Message } from "./rule.ts";

/**
 * « Pourquoi ? » of each rule: where it comes from (a France compétences note or FAQ, a law, a
 * nomenclature) and an example of a wording or a value that passes. The rule's one-sentence
 * statement is its `summary` in VALIDATION_RULES. A source carries a date only when it is known
 * (a law, a decree, a note's publication): pages that France compétences revises in place do not.
 */

export type RuleSource = { title: string; date?: string; url?: string };
export type RuleWhy = { source: RuleSource; example: Message };

const SOURCES = {
  writing: {
    title:
      "France compétences, FAQ « Certification professionnelle » : « Y a-t-il une norme à respecter en termes d'écriture en compétences ? »",
    url: "https://francecompetences.fr/faq-ext/",
  },
  evaluation: {
    title:
      "France compétences, note « Préconisations relatives à l'évaluation des compétences professionnelles »",
    // Published in October 2021 (reported by Info-Social RH on 19 October 2021); the note carries no day.
    date: "2021-10",
  },
  blocs: {
    title:
      "Code du travail, article L6113-1 (loi n° 2018-771 du 5 septembre 2018) : les blocs de compétences, « ensembles homogènes et cohérents de compétences […] pouvant être évaluées et validées »",
    date: "2018-09-05",
  },
  flux: {
    title: "France compétences, flux XML des répertoires nationaux (RNCP et RS), version 4.1",
  },
  siret: {
    title:
      "INSEE, répertoire SIRENE : le SIRET (SIREN à 9 chiffres et NIC à 5 chiffres) porte une clé de contrôle selon l'algorithme de Luhn (décret n° 73-314 du 14 mars 1973)",
    date: "1973-03-14",
  },
  nomenclatures: {
    title:
      "Nomenclature des spécialités de formation (décret n° 94-522 du 21 juin 1994) ; France Travail, ROME 4.0 ; Centre Inffo, Formacode®",
    date: "1994-06-21",
  },
  studio: {
    title: "Référentiel Studio : cohérence du document (conception, § 3 et 5)",
  },
} satisfies Record<string, RuleSource>;

const example = (fr: string, en = fr): Message => ({ fr, en });

export const RULE_WHY: Record<RuleId, RuleWhy> = {
  "structure.invalid": {
    source: SOURCES.studio,
    example: example("Un niveau « NIV6 », un SIRET à 14 chiffres.", 'A level "NIV6", a 14-digit SIRET.'),
  },
  "structure.orphan": {
    source: SOURCES.studio,
    example: example(
      "Chaque compétence est rangée dans un bloc existant.",
      "Every competency sits in an existing bloc.",
    ),
  },
  "structure.parent": {
    source: SOURCES.studio,
    example: example(
      "Une activité sous un bloc, une modalité transversale à la racine.",
      "An activity under a bloc, a transversal modality at the root.",
    ),
  },
  "bloc.min": {
    source: SOURCES.blocs,
    example: example("BC01 — Piloter un projet de communication."),
  },
  "bloc.competencies": {
    source: SOURCES.blocs,
    example: example("BC01 compte C1.1, C1.2 et C1.3."),
  },
  "bloc.modality": {
    source: SOURCES.evaluation,
    example: example(
      "BC01 : « Étude de cas réelle, dossier écrit puis soutenance orale de 30 min devant un jury ».",
    ),
  },
  "bloc.evaluable": {
    source: SOURCES.evaluation,
    example: example(
      "BC02 a sa propre mise en situation ; la thèse professionnelle le couvre en plus.",
      "BC02 has its own work situation; the professional thesis covers it as well.",
    ),
  },
  "competency.evaluated": {
    source: SOURCES.evaluation,
    example: example("C1.2 est couverte par l'étude de cas et évaluée par CR1.2."),
  },
  "link.dangling": {
    source: SOURCES.studio,
    example: example("CR1.2 évalue C1.2, qui existe toujours.", "CR1.2 evaluates C1.2, which still exists."),
  },
  "link.bloc": {
    source: SOURCES.blocs,
    example: example(
      "Les critères de BC02 n'évaluent que des compétences de BC02.",
      "BC02's criteria evaluate only BC02's competencies.",
    ),
  },
  "code.unique": {
    source: SOURCES.flux,
    example: example("RNCP34762BC01, BC02, C2.3."),
  },
  "code.sequence": {
    source: SOURCES.flux,
    example: example("C3.6, C3.7, C3.8 — sans trou.", "C3.6, C3.7, C3.8 — no gap."),
  },
  "competency.duplicate": {
    source: SOURCES.blocs,
    example: example(
      "Chaque bloc formule ses propres compétences ; une compétence partagée est écrite une fois.",
      "Each bloc words its own competencies; a shared competency is written once.",
    ),
  },
  "meta.required": {
    source: SOURCES.flux,
    example: example("Titre, niveau NIV6, certificateur « École supérieure de commerce »."),
  },
  "meta.limits": {
    source: SOURCES.flux,
    example: example(
      "3 codes NSF au plus, 5 codes ROME, 5 Formacodes.",
      "At most 3 NSF, 5 ROME, 5 Formacodes.",
    ),
  },
  "meta.siret": {
    source: SOURCES.siret,
    example: example("SIRET 81738914100018."),
  },
  "meta.codes": {
    source: SOURCES.nomenclatures,
    example: example("NSF 315p, ROME M1705, Formacode 34566."),
  },
  "activity.traced": {
    source: SOURCES.writing,
    example: example("A1.1 « Veille du marché » donne C1.1 et C1.2."),
  },
  "competency.verb": {
    source: SOURCES.writing,
    example: example(
      "« Analyser les études de marché existantes afin d'établir un diagnostic partagé avec la direction. »",
    ),
  },
  "criterion.observable": {
    source: SOURCES.evaluation,
    example: example("« Le diagnostic identifie au moins trois enjeux du marché, chiffrés et sourcés. »"),
  },
  "criterion.duplicate": {
    source: SOURCES.evaluation,
    example: example(
      "C1.2 : « Les sources sont citées » puis « Les chiffres sont datés » — deux observations distinctes.",
    ),
  },
  "modality.description": {
    source: SOURCES.evaluation,
    example: example(
      "« Étude de cas : à partir d'un dossier d'entreprise réel, le candidat rédige un diagnostic (4 h) puis le présente au jury (20 min). »",
    ),
  },
  "comments.open": {
    source: SOURCES.studio,
    example: example("Chaque fil est résolu avant le dépôt.", "Every thread is resolved before filing."),
  },
  "suggestions.open": {
    source: SOURCES.studio,
    example: example(
      "Chaque suggestion est acceptée ou refusée avant l'instantané validé.",
      "Every suggested edit is accepted or rejected before the validated snapshot.",
    ),
  },
};
