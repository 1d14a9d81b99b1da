/**
 * Names, in plain French, of the fields of a snapshot file, for import errors: « l'élément n° 4
 * (compétence « Analyser le marché… ») : le texte » rather than `referential.nodes[3].body`.
 */

const META: Record<string, string> = {
  title: "l'intitulé du référentiel",
  rncpCode: "le code RNCP",
  level: "le niveau",
  nsf: "les codes NSF",
  rome: "les codes ROME",
  formacodes: "les Formacodes",
  certifiers: "les certificateurs",
  status: "le statut",
  activitesVisees: "les activités visées",
  capacitesAttestees: "les capacités attestées",
  secteursActivite: "les secteurs d'activité",
  typesEmplois: "les types d'emplois",
  objectifsContexte: "les objectifs et le contexte",
  modalitesGenerales: "les modalités générales",
};

const NODE_FIELDS: Record<string, string> = {
  id: "l'identifiant",
  kind: "le type",
  parent: "le bloc parent",
  order: "l'ordre",
  pinnedCode: "le code",
  title: "l'intitulé",
  body: "le texte",
  links: "les liens",
  prerequis: "les prérequis",
  modalityType: "le type de modalité",
  grouping: "la forme (individuelle ou collective)",
  duration: "la durée",
};

const KINDS: Record<string, string> = {
  bloc: "bloc",
  activity: "activité",
  competency: "compétence",
  modality: "modalité",
  criterion: "critère",
};

type Path = readonly PropertyKey[];

function excerpt(node: unknown): string {
  if (!node || typeof node !== "object") return "";
  const { kind, title } = node as { kind?: unknown; title?: unknown };
  const what = typeof kind === "string" ? (KINDS[kind] ?? "") : "";
  const text =
    typeof title === "string" && title.trim()
      ? ` « ${title.trim().slice(0, 40)}${title.length > 40 ? "…" : ""} »`
      : "";
  return what || text ? ` (${what}${text})` : "";
}

/** The French name of the field at `path` in the snapshot `value` (as read from the file). */
export function snapshotFieldName(value: unknown, path: Path): string {
  const [root, section, index, field, sub] = path;
  if (path.length === 0) return "le fichier";
  if (root === "format") return "le format du fichier";
  if (root === "schemaVersion") return "la version du schéma";
  if (root !== "referential") return `le champ « ${String(root)} »`;
  if (section === undefined) return "le référentiel";
  if (section === "meta") {
    if (index === undefined) return "la fiche du référentiel";
    if (index === "certifiers" && typeof field === "number") {
      return `le certificateur n° ${field + 1}${sub === "siret" ? " (SIRET)" : sub === "name" ? " (nom)" : ""}`;
    }
    return META[String(index)] ?? `le champ « ${String(index)} » de la fiche`;
  }
  if (section === "nodes") {
    if (typeof index !== "number") return "la liste des éléments";
    const nodes = (value as { referential?: { nodes?: unknown[] } })?.referential?.nodes;
    const node = `l'élément n° ${index + 1}${excerpt(nodes?.[index])}`;
    if (field === undefined) return node;
    return `${node} : ${NODE_FIELDS[String(field)] ?? `le champ « ${String(field)} »`}`;
  }
  if (section === "comments") {
    return typeof index === "number" ? `le fil de commentaires n° ${index + 1}` : "les commentaires";
  }
  return `le champ « ${String(section)} »`;
}
