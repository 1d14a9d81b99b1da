import { LIMITS, LINK_RULES, type LinkName, Node, type NodeKind, PARENT_RULES } from "../model.ts";
import { isOrderKey } from "../outline.ts";
import type { Facts } from "./facts.ts";
import { agree, aKind, capitalize, nameOf, pronoun } from "./names.ts";
import type { Finding, Message, Names, RuleTable } from "./rule.ts";
import { checkShape, type ShapeCheck } from "./shape.ts";

/**
 * Structure rules (DESIGN §5, layer 1): the projection parses, every node sits under a parent of
 * the right kind that exists, and links point at existing nodes of the right kind.
 */

export const STRUCTURE_RULES = {
  "structure.invalid": {
    severity: "error",
    summary: {
      fr: "Le document respecte le modèle (types, tailles, formats).",
      en: "The document follows the model (types, sizes, formats).",
    },
  },
  "structure.parent": {
    severity: "error",
    summary: {
      fr: "Chaque élément est placé sous un parent du bon type.",
      en: "Every item sits under a parent of the right kind.",
    },
  },
  "structure.orphan": {
    severity: "error",
    summary: {
      fr: "Aucun élément n'a perdu son bloc (par exemple ajouté dans un bloc supprimé en même temps).",
      en: "No item has lost its bloc (e.g. added into a bloc deleted at the same time).",
    },
  },
  "link.dangling": {
    severity: "error",
    summary: {
      fr: "Aucun lien ne vise un élément supprimé ou du mauvais type.",
      en: "No link points at a deleted item or an item of the wrong kind.",
    },
  },
} as const satisfies RuleTable<
  "structure.invalid" | "structure.parent" | "structure.orphan" | "link.dangling"
>;

const KIND_FR: Record<NodeKind, string> = {
  bloc: "bloc",
  activity: "activité",
  competency: "compétence",
  modality: "modalité",
  criterion: "critère",
};

const LINK_VERBS: Record<LinkName, Message> = {
  activities: { fr: "est rattachée à", en: "is traced to" },
  covers: { fr: "couvre", en: "covers" },
  evaluates: { fr: "évalue", en: "evaluates" },
};

const MESSAGES = {
  atRoot: (who: Message, kind: NodeKind): Message => ({
    fr: `${capitalize(who.fr)} est à la racine : ${aKind(kind).fr} doit être dans un bloc.`,
    en: `${capitalize(who.en)} is at the root: ${aKind(kind).en} belongs in a bloc.`,
  }),
  wrongParent: (who: Message, kind: NodeKind, parentKind: NodeKind): Message => ({
    fr: `${capitalize(who.fr)} est ${agree(kind, "placé")} sous ${aKind(parentKind).fr} : ${
      kind === "bloc" ? "un bloc doit être à la racine" : `${aKind(kind).fr} doit être dans un bloc`
    }.`,
    en: `${capitalize(who.en)} sits under ${aKind(parentKind).en}: ${
      kind === "bloc" ? "a bloc belongs at the root" : `${aKind(kind).en} belongs in a bloc`
    }.`,
  }),
  orphan: (who: Message, kind: NodeKind): Message => ({
    fr: `${capitalize(who.fr)} n'est plus ${agree(kind, "rattaché")} à aucun bloc : son bloc a été supprimé. Déplacez-${pronoun(kind)} dans un bloc${kind === "modality" ? " ou parmi les modalités transversales" : ""}.`,
    en: `${capitalize(who.en)} no longer belongs to any bloc: its bloc was deleted. Move it into a bloc${
      kind === "modality" ? " or among the transversal modalities" : ""
    }.`,
  }),
  missingTarget: (who: Message, name: LinkName, target: string): Message => ({
    fr: `${capitalize(who.fr)} ${LINK_VERBS[name].fr} un élément supprimé (${target}).`,
    en: `${capitalize(who.en)} ${LINK_VERBS[name].en} a deleted item (${target}).`,
  }),
  wrongTarget: (who: Message, name: LinkName, found: NodeKind): Message => ({
    fr: `${capitalize(who.fr)} ${LINK_VERBS[name].fr} ${aKind(found).fr} : ce lien doit viser ${
      aKind(LINK_RULES[name].to).fr
    }.`,
    en: `${capitalize(who.en)} ${LINK_VERBS[name].en} ${aKind(found).en}: this link must point at ${
      aKind(LINK_RULES[name].to).en
    }.`,
  }),
  wrongSource: (who: Message, name: LinkName): Message => ({
    fr: `${capitalize(who.fr)} porte des liens « ${name} », réservés aux éléments de type ${KIND_FR[LINK_RULES[name].from]}.`,
    en: `${capitalize(who.en)} has "${name}" links, which only ${LINK_RULES[name].from} items may have.`,
  }),
  badOrder: (who: Message, order: string): Message => ({
    fr: `${capitalize(who.fr)}, champ « order » : clé d'ordre invalide « ${order.slice(0, 40)} » (le snapshot exporté serait refusé à l'import).`,
    en: `${capitalize(who.en)}, field "order": invalid order key "${order.slice(0, 40)}" (the exported snapshot would be refused on import).`,
  }),
  tooManyNodes: (count: number): Message => ({
    fr: `Le référentiel compte ${count} éléments : au plus ${LIMITS.nodes}.`,
    en: `The référentiel has ${count} items: at most ${LIMITS.nodes}.`,
  }),
};

/** The zod check of one projected node. */
export function checkNodeShape(id: string, raw: unknown): ShapeCheck {
  return checkShape(Node, raw, { nodeId: id, fieldPrefix: "", who: (names) => nameOf(names, id) });
}

/** structure.parent and structure.orphan for one usable node. */
export function checkPlacement(facts: Facts, node: Node): Finding[] {
  const allowed = PARENT_RULES[node.kind];
  const who = (names: Names) => nameOf(names, node.id);
  if (node.parent === null) {
    if (allowed.includes(null)) return [];
    return [
      { rule: "structure.parent", nodeId: node.id, message: (n) => MESSAGES.atRoot(who(n), node.kind) },
    ];
  }
  const parent = facts.nodes.get(node.parent);
  if (!parent) {
    return [
      { rule: "structure.orphan", nodeId: node.id, message: (n) => MESSAGES.orphan(who(n), node.kind) },
    ];
  }
  if (allowed.includes(parent.kind)) return [];
  return [
    {
      rule: "structure.parent",
      nodeId: node.id,
      message: (n) => MESSAGES.wrongParent(who(n), node.kind, parent.kind),
    },
  ];
}

/** structure.invalid for an order key `fractional-indexing` cannot place (a remote client may write any string). */
export function checkOrder(node: Node): Finding[] {
  if (node.order === "" || isOrderKey(node.order)) return []; // an empty key is the zod schema's finding
  return [
    {
      rule: "structure.invalid",
      nodeId: node.id,
      field: "order",
      detail: "order:key",
      message: (names) => MESSAGES.badOrder(nameOf(names, node.id), node.order),
    },
  ];
}

/** link.dangling for the links one usable node holds. */
export function checkLinks(facts: Facts, node: Node): Finding[] {
  const findings: Finding[] = [];
  for (const name of Object.keys(LINK_RULES) as LinkName[]) {
    const targets = node.links[name] ?? [];
    if (targets.length === 0) continue;
    const field = `links.${name}`;
    if (LINK_RULES[name].from !== node.kind) {
      findings.push({
        rule: "link.dangling",
        nodeId: node.id,
        field,
        detail: `${name}:source`,
        message: (n) => MESSAGES.wrongSource(nameOf(n, node.id), name),
      });
      continue;
    }
    for (const target of new Set(targets)) {
      const found = facts.nodes.get(target);
      if (found?.kind === LINK_RULES[name].to) continue;
      findings.push({
        rule: "link.dangling",
        nodeId: node.id,
        field,
        detail: `${name}:${target}`,
        message: found
          ? (n) => MESSAGES.wrongTarget(nameOf(n, node.id), name, found.kind)
          : (n) => MESSAGES.missingTarget(nameOf(n, node.id), name, target),
      });
    }
  }
  return findings;
}

/** The référentiel's size limit (the zod schema's `nodes.max`). */
export function checkSize(facts: Facts): Finding[] {
  const count = facts.known.size;
  if (count <= LIMITS.nodes) return [];
  return [
    {
      rule: "structure.invalid",
      nodeId: null,
      field: "nodes",
      detail: "nodes:too_big",
      message: () => MESSAGES.tooManyNodes(count),
    },
  ];
}
