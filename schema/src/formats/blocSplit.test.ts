import { describe, expect, it } from "vitest";
import { splitCompetencies, splitModalities } from "./blocSplit.ts";

/**
 * The conventions certifiers use inside a bloc's two free texts, one row each: the input as the
 * flux carries it (line breaks flattened to runs of spaces) and exactly what must come out.
 */

type CompetencyCase = {
  name: string;
  raw: string;
  competencies: string[][];
  codes?: (string | null)[];
  activities?: string[][];
  preamble?: string[];
  flags?: number[];
};

const COMPETENCY_CASES: CompetencyCase[] = [
  {
    name: "codes at the head of lines, one per competency",
    raw: "C1.1 Analyser le marché    C1.2 Concevoir une offre    C1.3 Présenter l'offre",
    competencies: [["Analyser le marché"], ["Concevoir une offre"], ["Présenter l'offre"]],
    codes: ["C1.1", "C1.2", "C1.3"],
  },
  {
    name: "a wrapped line continues its coded competency",
    raw: "A1C1. Evaluer les contextes économiques    qui peuvent impacter les choix    A1C2.Apprécier les incidences",
    competencies: [
      ["Evaluer les contextes économiques qui peuvent impacter les choix"],
      ["Apprécier les incidences"],
    ],
    codes: ["A1C1", "A1C2"],
  },
  {
    name: "an uncoded statement after a coded one stays with it, flagged",
    raw: "C1.1 Analyser le marché    Identifier les concurrents    C1.2 Concevoir une offre",
    competencies: [["Analyser le marché", "Identifier les concurrents"], ["Concevoir une offre"]],
    codes: ["C1.1", "C1.2"],
    flags: [0],
  },
  {
    name: "numbered groups head their detailed lines: activities",
    raw: "1.1 Recueillir le besoin    1.1.1 Analyser la demande    1.1.2 Rédiger le cahier des charges    1.2 Concevoir    1.2.1 Maquetter",
    competencies: [["Analyser la demande"], ["Rédiger le cahier des charges"], ["Maquetter"]],
    codes: ["1.1.1", "1.1.2", "1.2.1"],
    activities: [["Recueillir le besoin"], ["Concevoir"]],
  },
  {
    name: "dash bullets, an introduction before them",
    raw: "Le titulaire est capable de :    - Valider une solution technique    - Renseigner la maquette",
    competencies: [["Valider une solution technique"], ["Renseigner la maquette"]],
    preamble: ["Le titulaire est capable de :"],
  },
  {
    name: "a bullet line wrapped in lower case continues it (a continuation is never dropped)",
    raw: "- Valider une solution technique    en tenant compte des contraintes    - Renseigner la maquette",
    competencies: [
      ["Valider une solution technique en tenant compte des contraintes"],
      ["Renseigner la maquette"],
    ],
  },
  {
    name: "an unbulleted line after bullets is a competency of its own, flagged, not merged",
    raw: "- Valider une solution technique    - Renseigner la maquette    Maintenir le réseau en condition opérationnelle.",
    competencies: [
      ["Valider une solution technique"],
      ["Renseigner la maquette"],
      ["Maintenir le réseau en condition opérationnelle."],
    ],
    flags: [2],
  },
  {
    name: "a line ending with a colon heads the bullets under it: an activity",
    raw: "Préparer le chantier :    - Planifier les travaux    - Commander les matériaux    Suivre le chantier :    - Contrôler la qualité",
    competencies: [["Planifier les travaux"], ["Commander les matériaux"], ["Contrôler la qualité"]],
    activities: [["Préparer le chantier"], ["Suivre le chantier"]],
  },
  {
    name: "two competencies joined by one space are kept but flagged",
    raw: "- Analyser le marché afin de cibler les clients. Concevoir une offre adaptée    - Présenter l'offre",
    competencies: [
      ["Analyser le marché afin de cibler les clients. Concevoir une offre adaptée"],
      ["Présenter l'offre"],
    ],
    flags: [0],
  },
  {
    name: "short titles above detailed lines: activities and their competencies",
    raw: "Recueillir les besoins    Analyser la demande du client afin de proposer une solution adaptée    Gérer le projet    Planifier les tâches de l'équipe pour respecter les délais fixés",
    competencies: [
      ["Analyser la demande du client afin de proposer une solution adaptée"],
      ["Planifier les tâches de l'équipe pour respecter les délais fixés"],
    ],
    activities: [["Recueillir les besoins"], ["Gérer le projet"]],
  },
  {
    name: "one line per competency, no structure: nothing to flag",
    raw: "Analyser le marché    Concevoir une offre    Présenter l'offre",
    competencies: [["Analyser le marché"], ["Concevoir une offre"], ["Présenter l'offre"]],
  },
  {
    name: "one line, a list separated by semicolons",
    raw: "Valider un réseau ; Coder ; Maintenir un réseau",
    competencies: [["Valider un réseau"], ["Coder"], ["Maintenir un réseau"]],
  },
];

describe.each(COMPETENCY_CASES)("competencies: $name", (c) => {
  it("splits exactly as the certifier wrote", () => {
    const split = splitCompetencies(c.raw);
    expect(split.competencies.map((x) => x.lines)).toEqual(c.competencies);
    if (c.codes) expect(split.competencies.map((x) => x.code)).toEqual(c.codes);
    expect(split.activities.map((a) => a.lines)).toEqual(c.activities ?? []);
    expect(split.preamble).toEqual(c.preamble ?? []);
    expect(split.flags.map((f) => f.index)).toEqual(c.flags ?? []);
  });
});

type ModalityCase = {
  name: string;
  raw: string;
  known?: string[];
  modalities: { title: string; body?: string[]; covers?: number[]; duration?: string }[];
  preamble?: string[];
  criteria?: { lines: string[]; evaluates: number[] }[];
  flags?: number;
};

const KNOWN = ["C1.1", "C1.2", "C1.3"];

const MODALITY_CASES: ModalityCase[] = [
  {
    name: "tests separated by 4 spaces, lines inside a test by 2",
    raw: "Étude de cas écrite  Le candidat analyse une situation.  Durée 3 heures    Dossier professionnel  Le candidat présente son projet    Entretien avec le jury  Questions sur le dossier",
    modalities: [
      { title: "Étude de cas écrite", body: ["Le candidat analyse une situation.", "Durée 3 heures"] },
      { title: "Dossier professionnel", body: ["Le candidat présente son projet"] },
      { title: "Entretien avec le jury", body: ["Questions sur le dossier"] },
    ],
  },
  {
    name: "tests separated by blank lines",
    raw: "Mise en situation professionnelle\nLe candidat réalise une intervention.\n\nQuestionnaire\nVingt questions à choix multiples.",
    modalities: [
      { title: "Mise en situation professionnelle", body: ["Le candidat réalise une intervention."] },
      { title: "Questionnaire", body: ["Vingt questions à choix multiples."] },
    ],
  },
  {
    name: "each line opening with the name of a test starts one",
    raw: "Étude de cas sur un marché réel, restituée par écrit.    Le jury note la pertinence de l'analyse.    Soutenance orale du projet devant le jury.",
    modalities: [
      {
        title: "Étude de cas sur un marché réel, restituée par écrit",
        body: ["Le jury note la pertinence de l'analyse."],
      },
      { title: "Soutenance orale du projet devant le jury" },
    ],
  },
  {
    name: "codes of competencies at the head: what each test covers",
    raw: "C1.1 et C1.2 : Étude de cas écrite    C1.3 : Soutenance orale",
    known: KNOWN,
    modalities: [
      { title: "Étude de cas écrite", covers: [0, 1] },
      { title: "Soutenance orale", covers: [2] },
    ],
  },
  {
    name: "a range of codes covers every competency between its ends",
    raw: "C1.1 à C1.3. Dossier de synthèse",
    known: KNOWN,
    modalities: [{ title: "Dossier de synthèse", covers: [0, 1, 2] }],
  },
  {
    name: "titles with a duration (titres professionnels)",
    raw: "Entretien technique : 00 h 30 min    Le jury questionne le candidat.    Questionnaire professionnel : 00 h 30 min    Vingt questions.",
    modalities: [
      { title: "Entretien technique", duration: "00 h 30 min", body: ["Le jury questionne le candidat."] },
      { title: "Questionnaire professionnel", duration: "00 h 30 min", body: ["Vingt questions."] },
    ],
  },
  {
    name: "bullets, one test each",
    raw: "* Contrôle en cours de formation    * Épreuve ponctuelle pratique",
    modalities: [{ title: "Contrôle en cours de formation" }, { title: "Épreuve ponctuelle pratique" }],
  },
  {
    name: "criteria after their heading evaluate the competencies they name",
    raw: "Étude de cas    Critères d'évaluation :    C1.2 : La solution répond au besoin",
    known: KNOWN,
    modalities: [{ title: "Étude de cas", covers: [0, 1, 2] }],
    criteria: [{ lines: ["La solution répond au besoin"], evaluates: [1] }],
  },
  {
    name: "one test described in two sentences: one modality, no flag",
    raw: "Le candidat rédige un dossier.\nIl le présente ensuite devant le jury qui le questionne.",
    modalities: [
      {
        title: "Le candidat rédige un dossier",
        body: ["Il le présente ensuite devant le jury qui le questionne."],
      },
    ],
  },
  {
    name: "several kinds of test named without separation: kept whole, flagged",
    raw: "Le candidat rédige un dossier d'étude de cas.\nIl le présente ensuite en soutenance orale devant le jury.",
    modalities: [
      {
        title: "Le candidat rédige un dossier d'étude de cas",
        body: ["Il le présente ensuite en soutenance orale devant le jury."],
      },
    ],
    flags: 1,
  },
  {
    name: "a long test without a short name still gets one from its opening words",
    raw: `L'évaluation repose sur une mise en situation reconstituée où le candidat ${"conduit l'analyse complète de la situation et ".repeat(5)}rend compte au jury.`,
    modalities: [
      {
        title: "L'évaluation repose sur une mise en situation reconstituée",
        body: [
          `où le candidat ${"conduit l'analyse complète de la situation et ".repeat(5)}rend compte au jury.`,
        ],
      },
    ],
  },
];

describe.each(MODALITY_CASES)("modalities: $name", (c) => {
  it("splits exactly as the certifier wrote", () => {
    const known = c.known ?? [];
    const split = splitModalities(c.raw, known);
    expect(split.modalities.map((m) => m.title)).toEqual(c.modalities.map((m) => m.title));
    split.modalities.forEach((m, i) => {
      const want = c.modalities[i]!;
      expect(m.title.length).toBeGreaterThan(0);
      if (want.body) expect(m.body).toEqual(want.body);
      if (want.covers) expect(m.covers).toEqual(want.covers);
      if (want.duration) expect(m.duration).toBe(want.duration);
    });
    expect(split.preamble).toEqual(c.preamble ?? []);
    if (c.criteria) expect(split.criteria).toEqual(c.criteria);
    expect(split.flags).toHaveLength(c.flags ?? 0);
  });
});
