import { describe, expect, it } from "vitest";
import { addNode, moveNode, pinCode, setMeta, updateNode } from "../commands.ts";
import { buildOutline } from "../outline.ts";
import { toReferential } from "../projection.ts";
import { RULE_IDS, type RuleId } from "./issue.ts";
import { isValidSiret } from "./meta.ts";
import { VALIDATION_RULES } from "./rules.ts";
import { edgyDoc, validDoc } from "./testing.ts";
import { validateDoc } from "./validate.ts";
import { RULE_WHY } from "./why.ts";

/**
 * Rules that catch what France compétences rejects (issue 10): each case was missed or wrongly
 * flagged before, on a real référentiel.
 */

const issuesOf = (doc: ReturnType<typeof validDoc>, rule: RuleId) =>
  validateDoc(doc).issues.filter((issue) => issue.rule === rule);

function competencyFindings(body: string): string[] {
  const doc = validDoc();
  updateNode(doc, "c1", { body });
  return issuesOf(doc, "competency.verb").map((i) => i.key.replace("competency.verb:c1:", ""));
}

function criterionMessage(body: string): string | undefined {
  const doc = validDoc();
  updateNode(doc, "k1", { body });
  const issues = issuesOf(doc, "criterion.observable");
  expect(issues.length).toBeLessThanOrEqual(1);
  return issues[0]?.message.fr;
}

describe("competency.verb", () => {
  it("reads « afin que », « afin qu' », « à des fins de » and « à l'attention de » as a purpose", () => {
    for (const body of [
      "Organiser la veille afin que la direction décide en connaissance de cause.",
      "Organiser la veille afin qu'elle alimente la stratégie.",
      "Collecter des données à des fins de reporting réglementaire.",
      "Rédiger une synthèse à l'attention des élus.",
    ]) {
      expect(competencyFindings(body), body).toEqual([]);
    }
  });

  it("flags two action verbs run together as one competency", () => {
    expect(
      competencyFindings(
        "Coordonner les répétitions avec l'équipe artistique Participer à la création des décors afin de tenir le calendrier.",
      ),
    ).toEqual(["joined"]);
    expect(
      competencyFindings("Analyser le marché. Proposer une offre adaptée pour fidéliser la clientèle."),
    ).toEqual(["joined"]);
    const doc = validDoc();
    updateNode(doc, "c1", {
      body: "Coordonner les répétitions avec l'équipe artistique Participer à la création afin de tenir le calendrier.",
    });
    expect(issuesOf(doc, "competency.verb")[0]?.message.fr).toBe(
      "La compétence C1.1 enchaîne plusieurs énoncés (« Participer ») : séparez-les en compétences distinctes.",
    );
    // A capitalised noun, adjective or title is not a second verb.
    for (const body of [
      "Présenter le projet au Centre de formation afin de le valider.",
      "Consolider les comptes avec la direction Financière afin de préparer la clôture.",
      "Rendre compte au Manager de proximité pour arbitrer les priorités.",
    ]) {
      expect(competencyFindings(body), body).toEqual([]);
    }
  });
});

describe("criterion.observable", () => {
  it("flags the wider lexicon, each match with the words and why", () => {
    const cases: [string, string][] = [
      ["Le candidat est capable de présenter un budget.", "« est capable de » dit qu'une capacité existe"],
      ["Le candidat a conscience des enjeux RSE.", "« a conscience » décrit un état intérieur"],
      ["Le candidat appréhende les risques du projet.", "« appréhende » verbe flou"],
      ["Le rapport produit est de qualité.", "« de qualité » juge sans dire à quoi l'évaluateur le constate"],
      ["Le candidat s'exprime avec aisance devant le jury.", "« avec aisance » juge sans dire"],
      ["Le candidat a une bonne connaissance du marché.", "« bonne connaissance » décrit un état intérieur"],
    ];
    for (const [body, expected] of cases) expect(criterionMessage(body), body).toContain(expected);
  });

  it("keeps accepting observable criteria", () => {
    for (const body of [
      "Le budget présenté respecte l'enveloppe fixée et justifie chaque poste.",
      "Les actions on line, y compris le référencement, sont planifiées.",
      "Le savoir-faire technique est démontré par la réalisation.",
    ]) {
      expect(criterionMessage(body), body).toBeUndefined();
    }
  });
});

describe("criterion.duplicate", () => {
  it("flags a criterion repeating an earlier one for the same competency, not for another", () => {
    const doc = validDoc();
    addNode(
      doc,
      {
        kind: "criterion",
        id: "k3",
        body: "Le diagnostic relève les enjeux du marché !",
        links: { evaluates: ["c1"] },
      },
      { parent: "b1" },
    );
    addNode(
      doc,
      {
        kind: "criterion",
        id: "k4",
        body: "Le diagnostic relève les enjeux du marché.",
        links: { evaluates: ["c2"] },
      },
      { parent: "b1" },
    );
    const issues = issuesOf(doc, "criterion.duplicate");
    expect(issues.map((i) => [i.nodeId, i.severity])).toEqual([["k3", "warning"]]);
    expect(issues[0]?.message.fr).toBe(
      "Le critère CR1.3 répète le critère CR1.1 pour la compétence C1.1 : supprimez le doublon ou précisez ce qu'il observe.",
    );
  });
});

describe("code.sequence", () => {
  it("flags pinned codes with a gap or going back, not a regular sequence", () => {
    const doc = validDoc();
    pinCode(doc, "c1", "C3.6");
    pinCode(doc, "c2", "C3.8");
    expect(issuesOf(doc, "code.sequence").map((i) => [i.nodeId, i.message.fr])).toEqual([
      ["c2", "Le code C3.8 suit C3.6 : il manque un numéro entre les deux (renumérotez ou désépinglez)."],
    ]);
    pinCode(doc, "c2", "C3.5");
    expect(issuesOf(doc, "code.sequence")[0]?.key).toBe("code.sequence:c2:order");
    pinCode(doc, "c2", "C3.7");
    expect(issuesOf(doc, "code.sequence")).toEqual([]);
  });
});

describe("modality.description", () => {
  it("flags a modality without description or that only restates its type", () => {
    const doc = validDoc();
    updateNode(doc, "m1", { body: "" });
    expect(issuesOf(doc, "modality.description").map((i) => i.key)).toEqual([
      "modality.description:m1:empty",
    ]);
    updateNode(doc, "m1", { body: "Étude de cas.", modalityType: "etude_de_cas", title: "Épreuve 1" });
    expect(issuesOf(doc, "modality.description").map((i) => i.key)).toEqual([
      "modality.description:m1:restates",
    ]);
  });
});

describe("bloc.evaluable", () => {
  it("warns about a bloc assessed only by a transversal modality", () => {
    const issues = issuesOf(edgyDoc(), "bloc.evaluable");
    expect(issues.map((i) => [i.nodeId, i.severity])).toEqual([["b2", "warning"]]);
    expect(issues[0]?.message.fr).toMatch(/n'est évalué que par une modalité transversale/);
  });
});

describe("link.bloc", () => {
  it("reports the links left across blocs when a competency moves to another bloc", () => {
    const doc = validDoc();
    addNode(doc, { kind: "bloc", id: "b2", title: "Stratégie" }, { parent: null });
    moveNode(doc, "c2", { parent: "b2" });
    const issues = issuesOf(doc, "link.bloc");
    expect(issues.map((i) => i.key).sort()).toEqual([
      "link.bloc:c2:a1",
      "link.bloc:k2:c2",
      "link.bloc:m1:c2",
    ]);
    expect(issues.find((i) => i.nodeId === "k2")?.message.fr).toBe(
      "Le critère CR1.2 est relié à la compétence C2.1, qui appartient au bloc BC02 : déplacez l'un des deux ou retirez le lien.",
    );
    moveNode(doc, "c2", { parent: "b1" });
    expect(issuesOf(doc, "link.bloc")).toEqual([]);
  });
});

describe("meta.siret and meta.codes", () => {
  it("checks the SIRET's Luhn key (and La Poste's rule)", () => {
    expect(isValidSiret("81738914100018")).toBe(true);
    expect(isValidSiret("11004401300040")).toBe(true);
    expect(isValidSiret("12345678901234")).toBe(false);
    expect(isValidSiret("35600000000001")).toBe(true);
    const doc = validDoc();
    setMeta(doc, { certifiers: [{ name: "École", siret: "12345678901234" }] });
    expect(issuesOf(doc, "meta.siret").map((i) => [i.severity, i.message.fr])).toEqual([
      [
        "error",
        "Le SIRET 12345678901234 du certificateur « École » n'est pas valide (sa clé de contrôle ne correspond pas) : vérifiez-le sur l'annuaire des entreprises.",
      ],
    ]);
    setMeta(doc, { certifiers: [{ name: "École", siret: "81738914100018" }] });
    expect(issuesOf(doc, "meta.siret")).toEqual([]);
  });

  it("checks NSF, ROME and Formacode formats", () => {
    const doc = validDoc();
    setMeta(doc, { nsf: ["31", "315p"], rome: ["M170", "M1705"], formacodes: ["3456", "34566"] });
    expect(issuesOf(doc, "meta.codes").map((i) => i.message.fr)).toEqual([
      "« 3456 » n'est pas un Formacode bien formé (par exemple 34566).",
      "« 31 » n'est pas un code NSF bien formé (par exemple 310 ou 315p).",
      "« M170 » n'est pas un code ROME bien formé (par exemple M1705).",
    ]);
  });
});

describe("derived codes", () => {
  it("follow the bloc's pinned code: a criterion of the bloc pinned BC03 is CR3.x", () => {
    const doc = validDoc();
    addNode(doc, { kind: "bloc", id: "b2", title: "Stratégie" }, { parent: null });
    addNode(doc, { kind: "criterion", id: "k9", body: "Le plan est chiffré." }, { parent: "b2" });
    addNode(doc, { kind: "competency", id: "c9", body: "Chiffrer le plan pour décider." }, { parent: "b2" });
    pinCode(doc, "b2", "BC03");
    const { codes } = buildOutline(toReferential(doc));
    expect([codes.get("b2"), codes.get("k9"), codes.get("c9")]).toEqual(["BC03", "CR3.1", "C3.1"]);
    expect(codes.get("k1")).toBe("CR1.1");
  });
});

describe("« Pourquoi ? »", () => {
  it("gives every rule a summary, a dated source and an example", () => {
    for (const rule of RULE_IDS) {
      expect(VALIDATION_RULES[rule].summary.fr.length, rule).toBeGreaterThan(20);
      expect(RULE_WHY[rule].source.title.length, rule).toBeGreaterThan(10);
      const { date } = RULE_WHY[rule].source;
      if (date !== undefined) expect(date, rule).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(RULE_WHY[rule].example.fr.length, rule).toBeGreaterThan(5);
    }
  });
});
