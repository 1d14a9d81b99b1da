import {
  addNode,
  createReferential,
  LOCAL_ORIGIN,
  metaMap,
  nodeBody,
  nodesMap,
  setLink,
  setMeta,
} from "@refstudio/schema";
import * as Y from "yjs";

/**
 * The "large référentiel" of DESIGN §9: 12 blocs, each with 4 activities, 8 competencies,
 * 3 modalities and 10 criteria (~300 nodes with a paragraph each), plus a history of 50,000
 * keystrokes typed in runs of 1-40 characters at one caret, one run in five deleting.
 * Deterministic (seeded) so every run measures the same document.
 */

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "analyser concevoir piloter évaluer les besoins du client afin de proposer une stratégie adaptée en tenant compte des contraintes budgétaires et réglementaires pour garantir la qualité du projet".split(
    " ",
  );

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  const text = out.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

export type LargeReferential = { doc: Y.Doc; competencyIds: string[] };

export type BuildOptions = {
  keystrokes?: number;
  seed?: number;
  /** Receives every update as it is made: the document's history, one transaction at a time. */
  onUpdate?: (update: Uint8Array) => void;
  /** Builds into this document (e.g. a blank référentiel created by the server) instead of a new one. */
  doc?: Y.Doc;
};

const META = { title: "Référentiel de démonstration à grande échelle", level: "NIV6" } as const;

export function buildLargeReferential({
  keystrokes = 50_000,
  seed = 42,
  onUpdate,
  doc = new Y.Doc(),
}: BuildOptions = {}): LargeReferential {
  const random = rng(seed);
  if (onUpdate) doc.on("update", (update: Uint8Array) => onUpdate(update));
  if (metaMap(doc).has("schemaVersion")) setMeta(doc, META);
  else createReferential(doc, META);
  const competencyIds: string[] = [];
  for (let b = 0; b < 12; b++) {
    const bloc = addNode(doc, { kind: "bloc", title: sentence(random, 6) }, { parent: null });
    const activities = Array.from({ length: 4 }, () =>
      addNode(
        doc,
        { kind: "activity", title: sentence(random, 8), body: sentence(random, 25) },
        { parent: bloc },
      ),
    );
    const competencies = Array.from({ length: 8 }, (_, i) => {
      const id = addNode(
        doc,
        { kind: "competency", body: `Analyser ${sentence(random, 25)} afin de décider.` },
        { parent: bloc },
      );
      setLink(doc, id, "activities", activities[i % 4]!);
      return id;
    });
    competencyIds.push(...competencies);
    for (let m = 0; m < 3; m++) {
      const id = addNode(
        doc,
        { kind: "modality", title: "Étude de cas", body: sentence(random, 30) },
        { parent: bloc },
      );
      for (const c of competencies) setLink(doc, id, "covers", c);
    }
    for (let k = 0; k < 10; k++) {
      const id = addNode(doc, { kind: "criterion", body: sentence(random, 20) }, { parent: bloc });
      setLink(doc, id, "evaluates", competencies[k % 8]!);
    }
  }
  typeHistory(doc, random, keystrokes);
  return { doc, competencyIds };
}

/** Types `keystrokes` characters in runs at random carets of random competency/criterion texts. */
function typeHistory(doc: Y.Doc, random: () => number, keystrokes: number): void {
  const texts = [...nodesMap(doc).values()]
    .map((node) => nodeBody(node).get(0))
    .filter((p): p is Y.XmlElement => p instanceof Y.XmlElement)
    .map((p) => p.get(0))
    .filter((t): t is Y.XmlText => t instanceof Y.XmlText);
  let typed = 0;
  while (typed < keystrokes) {
    const text = texts[Math.floor(random() * texts.length)]!;
    const run = Math.min(1 + Math.floor(random() * 40), keystrokes - typed);
    const deleting = random() < 0.2 && text.length > run;
    let caret = Math.floor(random() * (text.length + 1));
    for (let i = 0; i < run; i++) {
      doc.transact(() => {
        if (deleting) {
          if (caret > 0) text.delete(--caret, 1);
        } else text.insert(caret++, WORDS[i % WORDS.length]![0] ?? "e");
      }, LOCAL_ORIGIN);
    }
    typed += run;
  }
}
