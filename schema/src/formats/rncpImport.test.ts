import { describe, expect, it } from "vitest";
import type { Node, Referential } from "../model.ts";
import { buildOutline } from "../outline.ts";
import { InvalidInputError } from "../parse.ts";
import { toReferential } from "../projection.ts";
import { docFromReferential } from "../snapshot.ts";
import { richToLines } from "./freeText.ts";
import { ficheToReferential, importRncpFiche } from "./rncpImport.ts";
import type { RncpFiche } from "./rncpReader.ts";
import { blocText, chunksOf, missingWords, rawBlocs, sampleXml } from "./testHelpers.ts";

/**
 * Every fiche of the sample export. Codes and titles were copied from the XML; the counts were
 * checked by reading each bloc's LISTE_COMPETENCES and MODALITES_EVALUATION:
 * [code, title, activities, competencies, modalities].
 */
type Expected = [string, string, number, number, number];
const FICHES: Record<string, { title: string; level: string; blocs: Expected[] }> = {
  RNCP34762: {
    title: "Programme Grande Ecole – Diplôme d’études supérieures en management",
    level: "NIV7",
    blocs: [
      // A1C1..A1C7, one modality per competency
      ["RNCP34762BC01", "Stratégie, organisation, environnement socioéconomique et géopolitique", 0, 7, 7],
      // A2C1..A2C10; modalities A2C1, A2C2+A2C3, A2C4, A2C5+A2C6, A2C7, A2C8+A2C9, A2C10
      ["RNCP34762BC02", "Management des hommes, leadership et travail collaboratif", 0, 10, 7],
      // modalities A3C1+A3C2, A3C3 à A3C6 (with the NB note), A3C7, A3C8, A3C9, A3C10
      [
        "RNCP34762BC03",
        "Gestion des performances financières et non financières et prise de décision responsable",
        0,
        10,
        6,
      ],
      // NB preamble, then A4C1, A4C2, A4C3+A4C4, A4C5, A4C6+A4C7, A4C8
      ["RNCP34762BC04", "Management de la technologie et de l'innovation", 0, 8, 6],
      // an introduction line, then A5.C1..A5.C5; one "Dossier(s) argumenté(s)" modality
      ["RNCP34762BC05", "Mobilisation d’une expertise métier au sein d’une organisation", 0, 5, 1],
    ],
  },
  RNCP35809: {
    title: "Finition, aménagement des bâtiments : conception et réalisation",
    level: "NIV5",
    blocs: [
      // "- " bullets; modalities: three (public, mode) pairs of the BTS table
      ["RNCP35809BC01", "Répondre à un projet", 0, 9, 3],
      ["RNCP35809BC02", "Préparer et organiser du chantier", 0, 20, 3],
      ["RNCP35809BC03", "Contrôler des travaux", 0, 6, 3],
      ["RNCP35809BC04", "Conduire des travaux", 0, 14, 3],
    ],
  },
  RNCP35419: {
    title: "Expert en ingénierie du logiciel",
    level: "NIV7",
    blocs: [
      // C.1..C.5; "Cas pratiques", "Mise en situation professionnelle simulée"
      ["RNCP35419BC01", "Gestion de la relation client en ingénierie du logiciel", 0, 5, 2],
      ["RNCP35419BC02", "Pilotage de projet d'ingénierie du logiciel", 0, 4, 3],
      ["RNCP35419BC03", "Intégration, industrialisation et déploiement de logiciel", 0, 4, 2],
      ["RNCP35419BC04", "Conception avancée de l'architecture de logiciel", 0, 5, 2],
    ],
  },
  RNCP37488: {
    title: "Cybersécurité",
    level: "NIV4",
    blocs: [
      // "* " bullets; two bulleted modalities (contrôle en cours de formation, ponctuel pratique)
      ["RNCP37488BC01", "Mise en œuvre de réseaux informatiques", 0, 5, 2],
      ["RNCP37488BC02", "Cybersécurité", 0, 4, 2],
    ],
  },
  RNCP37674: {
    title: "Développeur web et web mobile",
    level: "NIV5",
    blocs: [
      // lines separated by two spaces; three tests "Name : 00 h 20 min"
      [
        "RNCP37674BC01",
        "Développer la partie front-end d'une application web ou web mobile sécurisée",
        0,
        4,
        3,
      ],
      [
        "RNCP37674BC02",
        "Développer la partie back-end d'une application web ou web mobile sécurisée",
        0,
        4,
        3,
      ],
    ],
  },
  RNCP36490: {
    title: "Concepteur développeur d'applications",
    level: "NIV6",
    blocs: [
      // 1.1 / 1.2 / 1.3 head 1.1.1..1.3.3: activities and competencies; one project modality
      ["RNCP36490BC01", "Concevoir les solutions logicielles", 3, 7, 1],
      ["RNCP36490BC02", "Développer et tester les applications informatiques", 2, 7, 1],
      ["RNCP36490BC03", "Déployer et sécuriser les applications informatiques", 3, 9, 1],
      ["RNCP36490BC04", "Manager les équipes et les projets", 3, 9, 1],
    ],
  },
  RNCP35959: {
    title: "Développeur web",
    level: "NIV5",
    blocs: [
      // short headings ("Recueillir les besoins de l’entreprise") above detailed competencies
      ["RNCP35959BC01", "Formaliser un besoin numérique", 3, 9, 1],
      ["RNCP35959BC02", "Créer et intégrer des médias pour le web", 3, 8, 1],
      ["RNCP35959BC03", "Créer et gérer un site web dynamique", 2, 7, 1],
      ["RNCP35959BC04", "Optimiser sa communication numérique (option communication)", 3, 8, 1],
      ["RNCP35959BC05", "Développer une application web (option full stack développement)", 3, 9, 1],
    ],
  },
  RNCP37873: {
    title: "Concepteur développeur d'applications",
    level: "NIV6",
    blocs: [
      ["RNCP37873BC01", "Développer une application sécurisée", 0, 4, 3],
      ["RNCP37873BC02", "Concevoir et développer une application sécurisée organisée en couches", 0, 4, 3],
      ["RNCP37873BC03", "Préparer le déploiement d'une application sécurisée", 0, 3, 3],
    ],
  },
};

const xml = sampleXml();
const imported = new Map<string, Awaited<ReturnType<typeof importRncpFiche>>>();
async function load(number: string) {
  let result = imported.get(number);
  if (!result) {
    result = await importRncpFiche(chunksOf(xml, 1000), number);
    imported.set(number, result);
  }
  return result;
}

const text = (node: Node) => [node.title, ...richToLines(node.body)].filter(Boolean).join(" ");
const byCode = (ref: Referential) => {
  const outline = buildOutline(ref);
  const find = (code: string) => [...outline.byId.values()].find((n) => outline.codes.get(n.id) === code);
  return { outline, find, code: (id: string) => outline.codes.get(id) };
};

describe.each(Object.entries(FICHES))("fiche %s", (number, expected) => {
  it("has the blocs, codes, titles and counts listed", async () => {
    const { referential, flags } = await load(number);
    const outline = buildOutline(referential);
    expect(referential.meta.rncpCode).toBe(number);
    expect(referential.meta.title).toBe(expected.title);
    expect(referential.meta.level).toBe(expected.level);
    const got = outline.blocs.map(
      (b): Expected => [
        b.bloc.pinnedCode ?? "",
        b.bloc.title,
        b.activities.length,
        b.competencies.length,
        b.modalities.length,
      ],
    );
    expect(got).toEqual(expected.blocs);
    expect(outline.orphans).toEqual([]);
    expect(flags).toEqual([]);
  });

  it("drops no word of any bloc's source text", async () => {
    const { referential } = await load(number);
    const outline = buildOutline(referential);
    const sources = rawBlocs(xml).filter((b) => b.fiche === number);
    expect(sources).toHaveLength(expected.blocs.length);
    for (const source of sources) {
      const bloc = outline.blocs.find((b) => b.bloc.pinnedCode === source.code);
      expect(bloc, source.code).toBeDefined();
      const target = blocText(referential, bloc?.bloc.id ?? "");
      expect(missingWords(`${source.competencies}\n${source.modalities}`, target), source.code).toEqual([]);
    }
  });

  it("links every modality to competencies of its bloc and survives the shared document", async () => {
    const { referential } = await load(number);
    for (const entry of buildOutline(referential).blocs) {
      const ids = new Set(entry.competencies.map((c) => c.id));
      for (const modality of entry.modalities) {
        expect(modality.links.covers?.length, modality.id).toBeGreaterThan(0);
        for (const id of modality.links.covers ?? []) expect(ids.has(id)).toBe(true);
      }
    }
    expect(toReferential(docFromReferential(referential))).toEqual(referential);
  });
});

describe("RNCP import details", () => {
  it("reads the meta of a fiche: NSF, ROME, Formacodes, certifiers with SIRET, texts", async () => {
    const { referential } = await load("RNCP34762");
    const { meta } = referential;
    expect(meta.nsf).toEqual(["313", "310", "315p"]);
    expect(meta.rome).toEqual(["M1202", "M1205", "M1705", "M1402", "M1707"]);
    expect(meta.formacodes).toEqual(["34254", "32054", "32139", "34054", "32654"]);
    expect(meta.certifiers).toEqual([
      {
        name: "ETABLISSEMENT D'ENSEIGNEMENT SUPERIEUR CONSULAIRE GRENOBLE ECOLE DE MANAGEMENT",
        siret: "81738914100018",
      },
      { name: "MINISTERE DE L'ENSEIGNEMENT SUPERIEUR ET DE LA RECHERCHE", siret: "11004401300040" },
    ]);
    expect(richToLines(meta.activitesVisees)[0]).toMatch(/^Le référentiel est conçu pour bien décrire/);
    expect(richToLines(meta.capacitesAttestees).join(" ")).toContain("A1C1. Evaluer");
    expect(richToLines(meta.typesEmplois).join(" ")).toContain("Le manager intermédiaire exerce");
    expect(richToLines(meta.secteursActivite).length).toBeGreaterThan(0);
    expect(richToLines(meta.objectifsContexte).length).toBeGreaterThan(0);
    expect(meta.status).toBe("draft");
  });

  it("turns bullet lines of a fiche text into a bullet list", async () => {
    const { referential } = await load("RNCP37674");
    const list = referential.meta.typesEmplois.find((n) => n.type === "bulletList");
    expect(list?.content).toHaveLength(4);
    expect(richToLines(referential.meta.typesEmplois)[0]).toBe(
      "- Développeur d'applications, développeur informatique",
    );
  });

  it("keeps certifiers' codes and links modalities to the codes they name, ranges included", async () => {
    const { referential } = await load("RNCP34762");
    const { find, code } = byCode(referential);
    const modality = (text: string) =>
      referential.nodes.find((n) => n.kind === "modality" && n.title.startsWith(text));
    const covered = (title: string) => (modality(title)?.links.covers ?? []).map((id) => code(id)).sort();
    expect(covered("Analyse de situations de travail comprenant")).toEqual(["A2C2", "A2C3"]);
    expect(covered("Notes de préconisations")).toEqual(["A3C3", "A3C4", "A3C5", "A3C6"]);
    expect(covered("Actions de communication")).toEqual(["A2C10"]);
    expect(covered("Dossier(s) argumenté(s)")).toEqual(["A5.C1", "A5.C2", "A5.C3", "A5.C4", "A5.C5"]);
    expect(text(find("A1C2") as Node)).toMatch(/^Apprécier, depuis son périmètre d'activité/);
    // "NB" notes and introductions are kept, on the bloc or with the modality they follow.
    const bc04 = referential.nodes.find((n) => n.pinnedCode === "RNCP34762BC04") as Node;
    expect(richToLines(bc04.body)).toEqual([
      "NB. Les compétences A4C1 à A4C7 peuvent être traitées au travers d’une même situation ou de manière dissociée",
    ]);
    expect(text(modality("Notes de préconisations") as Node)).toContain(
      "NB : les compétences A3C7 à A3C10 peuvent être traitées",
    );
    // "A1C2.Apprécier" (no space) and "A5.C1." are read as codes.
    expect(find("A5.C1")?.kind).toBe("competency");
  });

  it("reads numbered groups (1.1 over 1.1.1) as activities", async () => {
    const { referential } = await load("RNCP36490");
    const { find, code } = byCode(referential);
    const activity = find("1.1");
    expect(activity?.kind).toBe("activity");
    expect(activity?.title).toBe(
      "Recueillir, le besoin du client (contexte, enjeux, objectifs et contraintes du système d’information ou du projet)",
    );
    expect(find("1.1.2")?.links.activities).toEqual([activity?.id]);
    expect(find("3.1.2")?.kind).toBe("competency");
    expect((find("1.3.3")?.links.activities ?? []).map(code)).toEqual(["1.3"]);
  });

  it("reads short titles above detailed lines as activities, without pinning derived codes", async () => {
    const { referential } = await load("RNCP35959");
    const { find } = byCode(referential);
    expect(find("A4.2")?.title).toBe("Gérer les communications multisupports");
    // a short line followed by another short line is a competency, not a heading
    expect(text(find("C4.6") as Node)).toBe("Animer une communauté web et toucher une cible plus importante");
    expect(find("C4.6")?.links.activities).toEqual([find("A4.2")?.id]);
    expect(referential.nodes.filter((n) => n.kind !== "bloc").every((n) => n.pinnedCode === null)).toBe(true);
  });

  it("reads the tests of a titre professionnel with their durations and types", async () => {
    const { referential } = await load("RNCP37674");
    const modalities = buildOutline(referential).blocs[0]?.modalities ?? [];
    expect(modalities.map((m) => [m.title, m.duration, m.modalityType])).toEqual([
      ["Présentation d'un projet réalisé en amont de la session", "00 h 20 min", "soutenance_orale"],
      ["Entretien technique", "00 h 30 min", "soutenance_orale"],
      ["Questionnaire professionnel", "00 h 30 min", "questionnaire"],
    ]);
    expect(richToLines(modalities[2]?.body ?? [])).toContain(
      "- deux questions fermées à choix unique posées en français ;",
    );
    expect(richToLines(modalities[2]?.body ?? []).at(-1)).toBe(
      "Durée totale de l’épreuve pour le candidat : 01 h 20 min",
    );
  });

  it("reads the Éducation nationale table as one modality per way of sitting the test", async () => {
    const { referential } = await load("RNCP35809");
    const modalities = buildOutline(referential).blocs[3]?.modalities ?? [];
    expect(modalities.map((m) => m.title)).toEqual(["CCF", "CCF", "Ponctuelle orale"]);
    expect(richToLines(modalities[2]?.body ?? []).join(" ")).toMatch(
      /^Scolaires \(établissements privés hors contrat\)/,
    );
  });

  it("gives the same ids and orders when the same fiche is imported twice", async () => {
    const first = await importRncpFiche(chunksOf(xml, 65536), "RNCP36490");
    const second = await importRncpFiche(chunksOf(xml, 777), "36490");
    expect(second.referential).toEqual(first.referential);
    expect(first.referential.nodes.map((n) => n.id)).toContain("RNCP36490BC01-c07");
  });

  it("refuses an unknown fiche number, a file that is not XML and a wrong root", async () => {
    await expect(importRncpFiche(chunksOf(xml), "RNCP99999")).rejects.toThrow(
      new InvalidInputError("La fiche RNCP99999 n'est pas dans ce fichier."),
    );
    await expect(importRncpFiche(chunksOf("%PDF-1.7 binary"), "RNCP1")).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(importRncpFiche(chunksOf("%PDF-1.7 binary"), "RNCP1")).rejects.toThrow(/pas un XML valide/);
    await expect(importRncpFiche(chunksOf("<html><body/></html>"), "RNCP1")).rejects.toThrow(
      /commence par <html> au lieu de <FICHES>/,
    );
    await expect(importRncpFiche(chunksOf(""), "RNCP1")).rejects.toThrow(/vide/);
    await expect(importRncpFiche(chunksOf(xml.slice(0, 20_000)), "RNCP37873")).rejects.toThrow(
      /pas un XML valide/,
    );
  });
});

/** A fiche built by hand, to reach the conventions and the flags the sample does not show. */
function fiche(competencies: string, modalities: string): RncpFiche {
  return {
    number: "RNCP12345",
    title: "Essai",
    level: "NIV6",
    nsf: [],
    rome: [],
    formacodes: [],
    certifiers: [{ name: "Certificateur", siret: "123" }],
    texts: {},
    renewal: { previous: [], correspondences: [] },
    blocs: [
      {
        code: "RNCP12345BC01",
        title: "Bloc",
        competencies,
        modalities,
        entryPrerequisites: "",
        validationPrerequisites: "",
        elements: [],
      },
    ],
    elements: [],
  };
}

describe("splitting conventions and flags", () => {
  it("keeps an unsplittable text whole in one item, flagged only when it shows signs of several", () => {
    const long = `${"Analyser le marché et proposer une stratégie adaptée aux enjeux, en fin de compte. ".repeat(8)}Concevoir un plan.`;
    const { referential, flags } = ficheToReferential(
      fiche(
        long,
        "Le candidat rédige un dossier d'étude de cas.\nIl le présente ensuite en soutenance orale devant le jury.",
      ),
    );
    const outline = buildOutline(referential);
    expect(outline.blocs[0]?.competencies).toHaveLength(1);
    expect(outline.blocs[0]?.modalities).toHaveLength(1);
    expect(flags.map((f) => [f.field, f.nodeId, f.blocCode])).toEqual([
      ["LISTE_COMPETENCES", "RNCP12345BC01-c01", "RNCP12345BC01"],
      ["MODALITES_EVALUATION", "RNCP12345BC01-m01", "RNCP12345BC01"],
    ]);
    expect(flags[0]?.reason).toMatch(/seul bloc de texte/);
    expect(missingWords(long, blocText(referential, "RNCP12345BC01"))).toEqual([]);
    expect(referential.meta.certifiers).toEqual([{ name: "Certificateur" }]);
    // One test described in two sentences is not a doubt: no flag.
    const single = ficheToReferential(
      fiche(
        "Analyser le marché",
        "Le candidat rédige un dossier.\nIl le présente ensuite devant le jury qui le questionne.",
      ),
    );
    expect(single.flags).toEqual([]);
  });

  it("reads HTML remnants, numbered lines and flags codes that name no competency", () => {
    const { referential, flags } = ficheToReferential(
      fiche(
        "<p>Compétences :</p><ol><li>1) Analyser&nbsp;le besoin</li><li>2) Concevoir la solution</li></ol>",
        "C1.1 et C1.9 : Étude de cas écrite<br/>Critères d'évaluation :<br>C1.2 : La solution répond au besoin",
      ),
    );
    const { outline, code } = byCode(referential);
    const bloc = outline.blocs[0];
    expect(richToLines(bloc?.bloc.body ?? [])).toEqual(["Compétences :"]);
    expect(bloc?.competencies.map(text)).toEqual(["Analyser le besoin", "Concevoir la solution"]);
    expect(bloc?.modalities.map((m) => [m.title, m.modalityType])).toEqual([
      ["Étude de cas écrite", "etude_de_cas"],
    ]);
    expect((bloc?.modalities[0]?.links.covers ?? []).map(code)).toEqual(["C1.1"]);
    expect(bloc?.criteria.map((c) => [text(c), (c.links.evaluates ?? []).map(code)])).toEqual([
      ["La solution répond au besoin", ["C1.2"]],
    ]);
    expect(flags).toEqual([
      {
        nodeId: "RNCP12345BC01-m01",
        blocCode: "RNCP12345BC01",
        field: "MODALITES_EVALUATION",
        reason: "Codes cités mais absents de la liste des compétences du bloc : C1.9.",
      },
    ]);
  });

  it("flags a bloc with no competency and no modality", () => {
    const { flags } = ficheToReferential(fiche("", ""));
    expect(flags.map((f) => f.reason)).toEqual([
      "Le flux ne donne aucune compétence pour ce bloc.",
      "Le flux ne donne aucune modalité d'évaluation pour ce bloc.",
    ]);
  });

  it("splits a one-line list separated by semicolons", () => {
    const { referential } = ficheToReferential(
      fiche("Valider un réseau ; Coder ; Maintenir un réseau", "Étude de cas"),
    );
    expect(buildOutline(referential).blocs[0]?.competencies.map(text)).toEqual([
      "Valider un réseau",
      "Coder",
      "Maintenir un réseau",
    ]);
  });
});
