import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addNode,
  clearLinks,
  createReferential,
  deleteNode,
  moveNode,
  pinCode,
  setLink,
  setMeta,
  updateNode,
} from "../commands.ts";
import { addComment, resolveThread } from "../comments.ts";
import { LOCAL_ORIGIN, nodesMap, nodeTitle } from "../layout.ts";
import type { Referential } from "../model.ts";
import { toReferential } from "../projection.ts";
import { acceptSuggestion, rejectSuggestion, suggestEdit } from "../suggestions.ts";
import type { RuleId, Severity, ValidationReport } from "./issue.ts";
import { VALIDATION_RULES } from "./rules.ts";
import { validDoc } from "./testing.ts";
import { validate, validateDoc } from "./validate.ts";

/** The issues of one rule, checked for severity and for both messages. */
function issuesOf(report: ValidationReport, rule: RuleId) {
  const issues = report.issues.filter((issue) => issue.rule === rule);
  for (const issue of issues) {
    expect(issue.severity).toBe(VALIDATION_RULES[rule].severity);
    expect(issue.message.fr.length).toBeGreaterThan(15);
    expect(issue.message.en.length).toBeGreaterThan(15);
    expect(issue.message.fr).not.toBe(issue.message.en);
    expect(issue.key.startsWith(`${rule}:`)).toBe(true);
  }
  return issues;
}

/** Expects exactly these (nodeId, message) findings of `rule`, with the rule's severity. */
function expectFindings(
  report: ValidationReport,
  rule: RuleId,
  severity: Severity,
  expected: [nodeId: string | null, fr: string | RegExp][],
) {
  expect(VALIDATION_RULES[rule].severity).toBe(severity);
  const issues = issuesOf(report, rule);
  expect(issues.map((i) => i.nodeId)).toEqual(expected.map(([nodeId]) => nodeId));
  issues.forEach((issue, i) => {
    const fr = expected[i]![1];
    if (typeof fr === "string") expect(issue.message.fr).toBe(fr);
    else expect(issue.message.fr).toMatch(fr);
  });
  return issues;
}

/** A document, edited, then a replica that diverged, merged back. */
function merged(base: Y.Doc, local: (doc: Y.Doc) => void, remote: (doc: Y.Doc) => void): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
  local(base);
  remote(other);
  Y.applyUpdate(base, Y.encodeStateAsUpdate(other));
  return base;
}

function edited(ref: Referential, edit: (ref: Referential) => void): Referential {
  const copy = structuredClone(ref);
  edit(copy);
  return copy;
}

const nodeOf = (ref: Referential, id: string) => ref.nodes.find((n) => n.id === id)!;

describe("validate", () => {
  it("passes a valid minimal référentiel without any issue", () => {
    const report = validateDoc(validDoc());
    expect(report).toEqual({ issues: [], errors: 0, warnings: 0 });
  });

  it("has a severity and a summary for every rule id", () => {
    for (const spec of Object.values(VALIDATION_RULES)) {
      expect(["error", "warning"]).toContain(spec.severity);
      expect(spec.summary.fr).not.toBe(spec.summary.en);
    }
  });

  it("sorts errors first, then by key, and counts them", () => {
    const doc = validDoc();
    setMeta(doc, { level: "" });
    updateNode(doc, "c2", { body: "Veille du marché" });
    deleteNode(doc, "k1");
    const report = validateDoc(doc);
    expect(report.issues.map((i) => i.key)).toEqual([
      "competency.evaluated:c1:evaluates",
      "meta.required:-:level",
      "competency.verb:c2:purpose",
      "competency.verb:c2:verb",
    ]);
    expect([report.errors, report.warnings]).toEqual([2, 2]);
  });

  describe("structure.invalid", () => {
    it("reports a node that does not parse, with the path, and keeps checking the rest", () => {
      const ref = edited(toReferential(validDoc()), (r) => {
        nodeOf(r, "c1").title = "t".repeat(2001);
        (nodeOf(r, "k2") as { kind: string }).kind = "note";
      });
      const issues = expectFindings(validate(ref), "structure.invalid", "error", [
        ["c1", "La compétence C1.1, champ « title » : texte trop long (au plus 2000 caractères)."],
        ["k2", "L'élément k2, champ « kind » : type d'élément inconnu."],
      ]);
      expect(issues[0]!.field).toBe("title");
      // k2 is unreadable: c2 lost its criterion.
      expect(issuesOf(validate(ref), "competency.evaluated").map((i) => i.key)).toEqual([
        "competency.evaluated:c2:evaluates",
      ]);
    });

    it("reports typed text beyond the limits, meta fields and threads that do not parse", () => {
      const doc = validDoc();
      doc.transact(() => nodeTitle(nodesMap(doc).get("a1")!).insert(0, "x".repeat(2000)), LOCAL_ORIGIN);
      let ref = toReferential(doc);
      ref = edited(ref, (r) => {
        r.meta.nsf = ["x".repeat(21)];
        r.comments = [
          {
            id: "t1",
            anchor: { node: "c1" },
            status: "resolved",
            orphaned: false,
            messages: [{ id: "m1", author: "", body: "Vu", at: "2025-01-01" }],
          },
        ];
      });
      const issues = issuesOf(validate(ref), "structure.invalid");
      expect(issues.map((i) => [i.nodeId, i.field ?? null, i.key])).toEqual([
        [null, "meta.nsf", "structure.invalid:-:meta:nsf[0]:too_big"],
        ["a1", "title", "structure.invalid:a1:title:too_big"],
        ["c1", null, "structure.invalid:c1:thread:t1:messages[0].author:too_small"],
      ]);
      expect(issues[0]!.message.fr).toBe(
        "Les métadonnées, champ « nsf[0] » : texte trop long (au plus 20 caractères).",
      );
    });

    it("reports an order key that a snapshot import would refuse", () => {
      const ref = edited(toReferential(validDoc()), (r) => {
        nodeOf(r, "a1").order = "not a key";
      });
      const [issue] = expectFindings(validate(ref), "structure.invalid", "error", [
        [
          "a1",
          "L'activité A1.1, champ « order » : clé d'ordre invalide « not a key » (le snapshot exporté serait refusé à l'import).",
        ],
      ]);
      expect(issue!.field).toBe("order");
    });

    it("reports input that is not a référentiel at all, and repeated ids", () => {
      const broken = validate({ nodes: "none" } as unknown as Referential);
      expect(broken.issues.map((i) => i.key)).toEqual(["structure.invalid:-:root"]);
      const ref = toReferential(validDoc());
      const twice = validate({ ...ref, nodes: [...ref.nodes, nodeOf(ref, "a1")] });
      expect(issuesOf(twice, "structure.invalid").map((i) => i.nodeId)).toEqual(["a1"]);
    });
  });

  describe("structure.parent", () => {
    it("reports a node under a parent of the wrong kind, or at the root", () => {
      const ref = edited(toReferential(validDoc()), (r) => {
        nodeOf(r, "k2").parent = "a1";
        nodeOf(r, "a1").parent = null;
      });
      expectFindings(validate(ref), "structure.parent", "error", [
        ["a1", "L'activité « Veille du marché » est à la racine : une activité doit être dans un bloc."],
        [
          "k2",
          "Le critère « La veille alimente la réflexion… » est placé sous une activité : un critère doit être dans un bloc.",
        ],
      ]);
    });

    it("accepts a transversal modality at the root", () => {
      const doc = validDoc();
      addNode(
        doc,
        {
          kind: "modality",
          title: "Cas de synthèse",
          body: "Dossier d'entreprise réel analysé en 3 h.",
          links: { covers: ["c1"] },
        },
        { parent: null },
      );
      expect(validateDoc(doc).issues).toEqual([]);
    });
  });

  describe("structure.orphan", () => {
    it("reports a child added into a bloc deleted concurrently, pointing at the child", () => {
      const doc = merged(
        validDoc(),
        (d) => deleteNode(d, "b1"),
        (d) => addNode(d, { kind: "activity", id: "late", title: "Reporting" }, { parent: "b1" }),
      );
      const [issue] = expectFindings(validateDoc(doc), "structure.orphan", "error", [
        [
          "late",
          "L'activité « Reporting » n'est plus rattachée à aucun bloc : son bloc a été supprimé. Déplacez-la dans un bloc.",
        ],
      ]);
      expect(issue!.message.en).toBe(
        'Activity "Reporting" no longer belongs to any bloc: its bloc was deleted. Move it into a bloc.',
      );
    });

    it("stops reporting it once the child is moved into a bloc", () => {
      const doc = merged(
        validDoc(),
        (d) => deleteNode(d, "b1"),
        (d) => addNode(d, { kind: "activity", id: "late", title: "Reporting" }, { parent: "b1" }),
      );
      addNode(doc, { kind: "bloc", id: "b9", title: "Pilotage" }, { parent: null });
      moveNode(doc, "late", { parent: "b9" });
      expect(issuesOf(validateDoc(doc), "structure.orphan")).toEqual([]);
    });
  });

  describe("link.dangling", () => {
    it("reports a link to a node deleted concurrently", () => {
      const doc = merged(
        validDoc(),
        (d) => deleteNode(d, "c2"),
        (d) => setLink(d, "k1", "evaluates", "c2"),
      );
      const [issue] = expectFindings(validateDoc(doc), "link.dangling", "error", [
        ["k1", "Le critère CR1.1 évalue un élément supprimé (c2)."],
      ]);
      expect(issue!.field).toBe("links.evaluates");
    });

    it("reports a link to a node of the wrong kind, and links a kind may not hold", () => {
      const ref = edited(toReferential(validDoc()), (r) => {
        nodeOf(r, "k1").links.evaluates = ["c1", "a1"];
        nodeOf(r, "a1").links.covers = ["c1"];
      });
      expectFindings(validate(ref), "link.dangling", "error", [
        ["a1", "L'activité A1.1 porte des liens « covers », réservés aux éléments de type modalité."],
        ["k1", "Le critère CR1.1 évalue une activité : ce lien doit viser une compétence."],
      ]);
    });

    it("passes once the dangling link is cleared", () => {
      const doc = merged(
        validDoc(),
        (d) => deleteNode(d, "c2"),
        (d) => setLink(d, "k1", "evaluates", "c2"),
      );
      setLink(doc, "k1", "evaluates", "c2", false);
      expect(issuesOf(validateDoc(doc), "link.dangling")).toEqual([]);
    });
  });

  describe("bloc.min", () => {
    it("requires at least one bloc", () => {
      const doc = new Y.Doc();
      createReferential(doc, { title: "Vide", level: "NIV5", certifiers: [{ name: "Certificateur" }] });
      expectFindings(validateDoc(doc), "bloc.min", "error", [
        [null, "Le référentiel ne contient aucun bloc de compétences."],
      ]);
      expect(issuesOf(validateDoc(validDoc()), "bloc.min")).toEqual([]);
    });
  });

  describe("bloc.competencies", () => {
    it("requires two competencies per bloc", () => {
      const doc = validDoc();
      deleteNode(doc, "c2");
      expectFindings(validateDoc(doc), "bloc.competencies", "error", [
        ["b1", "Le bloc BC01 ne contient qu'une compétence : il en faut au moins deux."],
      ]);
      addNode(doc, { kind: "bloc", id: "b2", title: "Vide" }, { parent: null });
      expect(issuesOf(validateDoc(doc), "bloc.competencies").map((i) => i.message.fr)).toEqual([
        "Le bloc BC01 ne contient qu'une compétence : il en faut au moins deux.",
        "Le bloc BC02 ne contient aucune compétence : il en faut au moins deux.",
      ]);
    });
  });

  describe("bloc.modality", () => {
    it("requires an evaluation modality per bloc", () => {
      const doc = validDoc();
      deleteNode(doc, "m1");
      expectFindings(validateDoc(doc), "bloc.modality", "error", [
        [
          "b1",
          "Le bloc BC01 n'a aucune modalité d'évaluation : ajoutez-en une au bloc, ou une modalité transversale qui couvre l'une de ses compétences.",
        ],
      ]);
    });

    it("accepts a transversal modality covering one of the bloc's competencies, not one covering nothing of it", () => {
      const doc = validDoc();
      deleteNode(doc, "m1");
      const thesis = addNode(doc, { kind: "modality", title: "Thèse professionnelle" }, { parent: null });
      expect(issuesOf(validateDoc(doc), "bloc.modality")).toHaveLength(1);
      setLink(doc, thesis, "covers", "c1");
      expect(issuesOf(validateDoc(doc), "bloc.modality")).toEqual([]);
    });
  });

  describe("competency.evaluated", () => {
    it("requires a covering modality and an evaluating criterion, one issue per missing aspect", () => {
      const doc = validDoc();
      clearLinks(doc, "m1", "covers");
      setLink(doc, "m1", "covers", "c1");
      deleteNode(doc, "k2");
      expectFindings(validateDoc(doc), "competency.evaluated", "error", [
        ["c2", "La compétence C1.2 n'est couverte par aucune modalité d'évaluation."],
        ["c2", "La compétence C1.2 n'est évaluée par aucun critère."],
      ]);
    });
  });

  describe("code.unique", () => {
    it("reports a pinned code another node already has", () => {
      const doc = validDoc();
      pinCode(doc, "k2", "C1.1");
      const [issue] = expectFindings(validateDoc(doc), "code.unique", "error", [
        ["k2", "Le critère C1.1 a un code épinglé déjà porté par une compétence du bloc BC01."],
      ]);
      expect(issue!.field).toBe("code");
    });

    it("reports malformed pinned codes for their kind", () => {
      const doc = validDoc();
      pinCode(doc, "b1", "B1");
      pinCode(doc, "c1", "c-1");
      expectFindings(validateDoc(doc), "code.unique", "error", [
        ["b1", "Le bloc B1 a un code épinglé mal formé : un code de bloc s'écrit RNCP12345BC01 ou BC01."],
        [
          "c1",
          "La compétence c-1 a un code épinglé mal formé : lettres capitales et chiffres, par exemple A1.2, C2.3, A1C1 ou 1.1.1.",
        ],
      ]);
    });

    it("accepts well-formed unique pinned codes", () => {
      const doc = validDoc();
      pinCode(doc, "b1", "RNCP12345BC01");
      pinCode(doc, "c1", "A1C1");
      pinCode(doc, "k1", "CR1.10");
      pinCode(doc, "k2", "CR1.11");
      expect(validateDoc(doc).issues).toEqual([]);
      // Codes real certifiers use (RNCP34762, RNCP35419, RNCP36490).
      for (const code of ["A5.C1", "C.1", "1.1.1"]) {
        pinCode(doc, "c1", code);
        expect(validateDoc(doc).issues).toEqual([]);
      }
    });
  });

  describe("competency.duplicate", () => {
    function twoBlocs(text: string): Y.Doc {
      const doc = validDoc();
      addNode(doc, { kind: "bloc", id: "b2", title: "Stratégie" }, { parent: null });
      addNode(doc, { kind: "competency", id: "d1", body: text }, { parent: "b2" });
      return doc;
    }

    it("reports the same statement in two blocs, on both, whitespace and final punctuation folded", () => {
      const doc = twoBlocs("  Analyser les études   existantes afin d'établir un diagnostic du marché ;");
      expectFindings(validateDoc(doc), "competency.duplicate", "error", [
        ["c1", "La compétence C1.1 reprend mot pour mot l'énoncé de C2.1 (bloc BC02)."],
        ["d1", "La compétence C2.1 reprend mot pour mot l'énoncé de C1.1 (bloc BC01)."],
      ]);
    });

    it("accepts a different wording (case and accents are kept) and twins within one bloc", () => {
      const doc = twoBlocs("analyser les études existantes afin d'établir un diagnostic du marché.");
      expect(issuesOf(validateDoc(doc), "competency.duplicate")).toEqual([]);
      const same = validDoc();
      addNode(
        same,
        {
          kind: "competency",
          body: "Analyser les études existantes afin d'établir un diagnostic du marché.",
        },
        { parent: "b1" },
      );
      expect(issuesOf(validateDoc(same), "competency.duplicate")).toEqual([]);
    });
  });

  describe("meta.required", () => {
    it("requires title, level and a certifier", () => {
      const doc = new Y.Doc();
      createReferential(doc);
      expectFindings(validateDoc(doc), "meta.required", "error", [
        [null, "Au moins un certificateur doit être renseigné avant l'export."],
        [null, "Le niveau de la certification (NIV3 à NIV8) est obligatoire."],
        [null, "Le titre de la certification est obligatoire."],
      ]);
      expect(issuesOf(validateDoc(doc), "meta.required").map((i) => i.field)).toEqual([
        "meta.certifiers",
        "meta.level",
        "meta.title",
      ]);
    });
  });

  describe("meta.limits", () => {
    it("limits the title's length and the NSF, ROME and Formacode lists", () => {
      const doc = validDoc();
      setMeta(doc, {
        title: "T".repeat(801),
        nsf: ["310", "312", "320", "330"],
        rome: ["M1701", "M1702", "M1703", "M1704", "M1705", "M1706"],
        formacodes: ["1", "2", "3", "4", "5"],
      });
      expectFindings(validateDoc(doc), "meta.limits", "error", [
        [null, "4 codes NSF sont renseignés : au plus 3."],
        [null, "6 codes ROME sont renseignés : au plus 5."],
        [null, "Le titre de la certification compte 801 caractères : au plus 800."],
      ]);
      setMeta(doc, { title: "T".repeat(800), nsf: ["310", "312", "320"], rome: ["M1701"] });
      expect(issuesOf(validateDoc(doc), "meta.limits")).toEqual([]);
    });
  });

  describe("activity.traced", () => {
    it("warns about an activity no competency comes from", () => {
      const doc = validDoc();
      addNode(doc, { kind: "activity", id: "a2", title: "Reporting" }, { parent: "b1" });
      expectFindings(validateDoc(doc), "activity.traced", "warning", [
        ["a2", "L'activité A1.2 n'est reliée à aucune compétence."],
      ]);
      setLink(doc, "c2", "activities", "a2");
      expect(issuesOf(validateDoc(doc), "activity.traced")).toEqual([]);
    });
  });

  describe("competency.verb", () => {
    const verbIssues = (body: string) => {
      const doc = validDoc();
      updateNode(doc, "c1", { body });
      return issuesOf(validateDoc(doc), "competency.verb").map((i) =>
        i.key.replace("competency.verb:c1:", ""),
      );
    };

    it("warns about a statement without an infinitive or without a purpose", () => {
      const doc = validDoc();
      updateNode(doc, "c2", { body: "Veille concurrentielle" });
      expectFindings(validateDoc(doc), "competency.verb", "warning", [
        ["c2", "La compétence C1.2 ne précise pas sa finalité (« afin de », « pour » ou « en vue de »)."],
        ["c2", "La compétence C1.2 ne commence pas par un verbe d'action à l'infinitif (« Veille »)."],
      ]);
      expect(verbIssues("Capacité à analyser le marché afin de décider")).toEqual(["verb"]);
      expect(verbIssues("Analyser le marché")).toEqual(["purpose"]);
      expect(verbIssues("Analyser le pourcentage de clients")).toEqual(["purpose"]);
      expect(verbIssues("")).toEqual(["empty"]);
    });

    it("accepts infinitives in -er, -ir, -re, -oir, pronominal verbs, bullets, quotes and code prefixes", () => {
      for (const body of [
        "Analyser le marché afin de décider.",
        "Définir la cible pour orienter l'offre.",
        "Construire un budget en vue d'un arbitrage.",
        "Prévoir les ressources en vue de tenir les délais.",
        "S'assurer de la qualité pour garantir la satisfaction.",
        "Se situer dans l'organisation afin d'agir.",
        "• « Rédiger les briefs pour permettre à chacun d'agir »",
        "C1.1 Évaluer les coûts afin de sélectionner une solution.",
        "A1C1. Évaluer les coûts afin de sélectionner une solution.",
      ]) {
        expect(verbIssues(body), body).toEqual([]);
      }
    });
  });

  describe("criterion.observable", () => {
    const observable = (body: string) => {
      const doc = validDoc();
      updateNode(doc, "k1", { body });
      return issuesOf(validateDoc(doc), "criterion.observable");
    };

    it("warns about non-observable verbs in any common form", () => {
      const doc = validDoc();
      updateNode(doc, "k2", { body: "Le candidat maîtrise les outils et connaît le marché." });
      expectFindings(validateDoc(doc), "criterion.observable", "warning", [
        [
          "k2",
          "Le critère CR1.2 n'est pas observable : « maîtrise » affirme un résultat sans dire ce qui le montre ; « connaît » décrit un état intérieur du candidat, que l'évaluateur ne voit pas. Décrivez ce que l'évaluateur constate (identifie, réalise, justifie…).",
        ],
      ]);
      for (const body of [
        "Connaître les règles",
        "Les règles sont connues",
        "Le candidat comprend la demande",
        "La demande est comprise",
        "Le candidat sait présenter",
        "Savoir présenter un budget",
        "Les outils sont maîtrisés",
        "Maitriser les outils",
      ]) {
        expect(observable(body), body).toHaveLength(1);
      }
    });

    it("accepts observable wording, « y compris » and « savoir-faire »", () => {
      for (const body of [
        "Les actions on line, y compris les stratégies de référencement, sont optimisées",
        "Le savoir-faire technique est démontré par la réalisation",
        "Les devis des prestataires sont analysés et comparés",
        "Le candidat reconnaît les signaux faibles",
      ]) {
        expect(observable(body), body).toEqual([]);
      }
    });
  });

  describe("comments.open", () => {
    it("warns about each unresolved thread, pointing at its anchor", () => {
      const doc = validDoc();
      const thread = addComment(
        doc,
        { node: "c2", field: "body" },
        { author: "Relectrice", body: "Finalité à préciser ?" },
      );
      const [issue] = expectFindings(validateDoc(doc), "comments.open", "warning", [
        ["c2", "Un fil de commentaires reste ouvert sur la compétence C1.2 : « Finalité à préciser ? »."],
      ]);
      expect(issue!.field).toBe("body");
      resolveThread(doc, thread);
      expect(validateDoc(doc).issues).toEqual([]);
    });
  });

  describe("suggestions.open", () => {
    it("warns about each suggestion awaiting a decision, until it is accepted or rejected", () => {
      const doc = validDoc();
      const suggest = (id: string, text: string, range: { from: number; to: number }) =>
        suggestEdit(doc, { id, node: "c2", field: "body", range, text, author: "Relectrice" });
      const replace = suggest("s1", "Conduire", { from: 0, to: 9 });
      const removal = suggest("s2", "", { from: 10, to: 14 });
      const [first, second] = expectFindings(validateDoc(doc), "suggestions.open", "warning", [
        ["c2", "Une suggestion attend une décision sur la compétence C1.2 : « Conduire »."],
        ["c2", "Une suggestion attend une décision sur la compétence C1.2 : supprimer « une »."],
      ]);
      expect([first!.field, second!.field]).toEqual(["body", "body"]);
      rejectSuggestion(doc, removal, "Autrice");
      acceptSuggestion(doc, replace, "Autrice");
      expect(validateDoc(doc).issues).toEqual([]);
    });

    it("is not part of a projection's validation: suggestions are not in snapshots", () => {
      const doc = validDoc();
      suggestEdit(doc, { node: "c2", field: "title", range: { from: 0, to: 0 }, text: "x", author: "R" });
      expect(validate(toReferential(doc)).issues).toEqual([]);
    });
  });
});
