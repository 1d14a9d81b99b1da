import type { Node } from "../model.ts";
import type { Facts } from "./facts.ts";
import { aKind, capitalize, enList, frList, nameOf } from "./names.ts";
import type { Finding, Message, Names, RuleTable } from "./rule.ts";

/** Pinned codes: well formed for their kind and unique among the effective codes. */

export const CODE_RULES = {
  "code.unique": {
    severity: "error",
    summary: {
      fr: "Les codes épinglés sont bien formés (RNCP12345BC01, BC01, C2.3…) et uniques.",
      en: "Pinned codes are well formed (RNCP12345BC01, BC01, C2.3…) and unique.",
    },
  },
  "code.sequence": {
    severity: "warning",
    summary: {
      fr: "Les codes épinglés d'une même liste se suivent sans trou ni retour en arrière (C3.6 puis C3.7, pas C3.8).",
      en: "Pinned codes of one list follow each other with no gap and no step back (C3.6 then C3.7, not C3.8).",
    },
  },
} as const satisfies RuleTable<"code.unique" | "code.sequence">;

/** A bloc's code: its RNCP number (optional) then BC and two digits. */
const BLOC_CODE = /^(?:RNCP\d{4,5})?BC\d{2}$/;
/**
 * Any other code: capital letters and numbers, optionally dotted, as certifiers write them
 * (A1.2, C2.3, A1C1, MT1, CR1.10, and in real fiches A5.C1, C.1, 1.1.1).
 */
const ITEM_CODE = /^(?:[A-Z]{1,3}\.?)?\d{1,3}(?:\.?(?:[A-Z]{1,3}\.?)?\d{1,3})*$/;

function isWellFormedCode(kind: Node["kind"], code: string): boolean {
  return (kind === "bloc" ? BLOC_CODE : ITEM_CODE).test(code);
}

const MESSAGES = {
  malformed: (who: Message, kind: Node["kind"]): Message =>
    kind === "bloc"
      ? {
          fr: `${capitalize(who.fr)} a un code épinglé mal formé : un code de bloc s'écrit RNCP12345BC01 ou BC01.`,
          en: `${capitalize(who.en)} has a malformed pinned code: a bloc code reads RNCP12345BC01 or BC01.`,
        }
      : {
          fr: `${capitalize(who.fr)} a un code épinglé mal formé : lettres capitales et chiffres, par exemple A1.2, C2.3, A1C1 ou 1.1.1.`,
          en: `${capitalize(who.en)} has a malformed pinned code: capital letters and digits, e.g. A1.2, C2.3, A1C1 or 1.1.1.`,
        },
  sequence: (code: string, before: string, gap: boolean): Message =>
    gap
      ? {
          fr: `Le code ${code} suit ${before} : il manque un numéro entre les deux (renumérotez ou désépinglez).`,
          en: `Code ${code} follows ${before}: a number is missing between them (renumber or unpin).`,
        }
      : {
          fr: `Le code ${code} suit ${before} : la numérotation revient en arrière (renumérotez ou désépinglez).`,
          en: `Code ${code} follows ${before}: the numbering goes back (renumber or unpin).`,
        },
  taken: (who: Message, others: Message[]): Message => ({
    fr: `${capitalize(who.fr)} a un code épinglé déjà porté par ${frList(others.map((o) => o.fr))}.`,
    en: `${capitalize(who.en)} has a pinned code already used by ${enList(others.map((o) => o.en))}.`,
  }),
};

/** « une compétence du bloc BC02 »: a node sharing the code is named by its kind and bloc, not by the code. */
function place(names: Names, id: string): Message {
  const node = names.node(id);
  if (!node) return { fr: id, en: id };
  const kind = aKind(node.kind);
  if (node.kind === "bloc") return kind;
  if (node.parent === null) return { fr: `${kind.fr} transversale`, en: `a transversal ${node.kind}` };
  const bloc = names.code(node.parent) ?? node.parent;
  return { fr: `${kind.fr} du bloc ${bloc}`, en: `${kind.en} in bloc ${bloc}` };
}

/** « C3.6 » -> prefix « C3. » and number 6; a code without a final number has no place in a sequence. */
function sequencePart(code: string): { prefix: string; number: number } | null {
  const match = /^(.*?)(\d+)$/.exec(code);
  return match ? { prefix: match[1] ?? "", number: Number(match[2]) } : null;
}

/** code.sequence: in each list (the blocs, then each bloc's items of one kind), a pinned code that skips or goes back. */
function checkSequences(facts: Facts): Finding[] {
  const outline = facts.outline();
  const lists: Node[][] = [
    outline.blocs.map((entry) => entry.bloc),
    ...outline.blocs.flatMap((entry) => [
      entry.activities,
      entry.competencies,
      entry.modalities,
      entry.criteria,
    ]),
  ];
  const findings: Finding[] = [];
  for (const list of lists) {
    list.forEach((node, i) => {
      const previous = list[i - 1];
      if (!previous || (node.pinnedCode === null && previous.pinnedCode === null)) return;
      const before = outline.codes.get(previous.id) ?? "";
      const code = outline.codes.get(node.id) ?? "";
      const a = sequencePart(before);
      const b = sequencePart(code);
      if (!a || !b || a.prefix !== b.prefix || b.number === a.number + 1) return;
      const gap = b.number > a.number + 1;
      findings.push({
        rule: "code.sequence",
        nodeId: node.id,
        field: "code",
        detail: gap ? "gap" : "order",
        message: () => MESSAGES.sequence(code, before, gap),
      });
    });
  }
  return findings;
}

export function checkCodes(facts: Facts): Finding[] {
  const { codes } = facts.outline();
  const holders = new Map<string, string[]>();
  for (const [id, code] of codes) {
    const list = holders.get(code);
    if (list) list.push(id);
    else holders.set(code, [id]);
  }
  const findings: Finding[] = checkSequences(facts);
  for (const [id, code] of codes) {
    const node = facts.nodes.get(id);
    if (!node || node.pinnedCode === null) continue;
    if (!isWellFormedCode(node.kind, code)) {
      findings.push({
        rule: "code.unique",
        nodeId: id,
        field: "code",
        detail: "format",
        message: (names) => MESSAGES.malformed(nameOf(names, id), node.kind),
      });
    }
    const others = (holders.get(code) ?? []).filter((other) => other !== id).sort();
    if (others.length > 0) {
      findings.push({
        rule: "code.unique",
        nodeId: id,
        field: "code",
        detail: "taken",
        message: (names) =>
          MESSAGES.taken(
            nameOf(names, id),
            others.map((other) => place(names, other)),
          ),
      });
    }
  }
  return findings;
}
