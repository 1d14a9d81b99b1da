import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { type BlocNode, MODALITY_TYPE_LABELS, type Node, type Referential, type Status } from "../model.ts";
import { buildOutline, type Outline } from "../outline.ts";
import { blocModalities, type ExportMeta, statementLines } from "./exportView.ts";
import { richToLines } from "./freeText.ts";

/**
 * Export as a 1EdTech CASE 1.1 `CFPackage`, valid against the official JSON binding: the
 * document, one CFItem per bloc, activity, competency and evaluation modality (isChildOf
 * associations in order; isRelatedTo from a competency to the activities it derives from and
 * from a modality to the competencies it covers), and one CFRubric per bloc whose criteria point
 * at the item they evaluate (the competency, or the bloc for a criterion linked to none).
 * Identifiers are name-based UUIDs (v5) of the node ids, so they stay the same from one export to
 * the next.
 */

export type CaseOptions = ExportMeta & {
  /** Where the CASE resources are served (e.g. "https://example.org/ims/case/v1p1"); URNs otherwise. */
  baseUri?: string;
  /** What identifies the référentiel across exports (the server's id); defaults to the RNCP code, else the title. */
  documentId?: string;
  /**
   * When each record last changed: a node id, or `META_KEY` for the document's own fields. Records
   * it does not know take `date` (the version's time).
   */
  changedAt?: (key: string) => string | undefined;
};

/** The key of the document's own fields (title, meta) in `changedAt`. */
export const META_KEY = "meta";

export type LinkUri = { title: string; identifier: string; uri: string };

export type CFItem = {
  identifier: string;
  uri: string;
  fullStatement: string;
  humanCodingScheme?: string;
  abbreviatedStatement?: string;
  notes?: string;
  CFItemType: string;
  CFItemTypeURI: LinkUri;
  language: string;
  lastChangeDateTime: string;
};

export type CFAssociation = {
  identifier: string;
  uri: string;
  associationType: "isChildOf" | "isRelatedTo";
  originNodeURI: LinkUri;
  destinationNodeURI: LinkUri;
  sequenceNumber?: number;
  lastChangeDateTime: string;
};

export type CFRubricCriterion = {
  identifier: string;
  uri: string;
  category?: string;
  description: string;
  CFItemURI: LinkUri;
  position: number;
  rubricId: string;
  lastChangeDateTime: string;
};

export type CFRubric = {
  identifier: string;
  uri: string;
  title: string;
  description?: string;
  lastChangeDateTime: string;
  CFRubricCriteria: CFRubricCriterion[];
};

export type CFItemTypeDefinition = {
  identifier: string;
  uri: string;
  title: string;
  description: string;
  hierarchyCode: string;
  typeCode: string;
  lastChangeDateTime: string;
};

export type CFDocument = {
  identifier: string;
  uri: string;
  caseVersion: "1.1";
  creator: string;
  title: string;
  lastChangeDateTime: string;
  officialSourceURL?: string;
  publisher?: string;
  description?: string;
  language: string;
  version?: string;
  adoptionStatus: string;
  notes?: string;
};

export type CFPackage = {
  CFDocument: CFDocument;
  CFItems: CFItem[];
  CFAssociations: CFAssociation[];
  CFDefinitions: { CFItemTypes: CFItemTypeDefinition[] };
  CFRubrics: CFRubric[];
};

/** RFC 4122 URL namespace. */
const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
/** The namespace of every UUID this tool derives: v5 of our own URL in the URL namespace. */
export const REFSTUDIO_NAMESPACE = uuidV5(URL_NAMESPACE, "https://refstudio.app/case");

/** A name-based UUID (version 5, SHA-1) as RFC 4122 defines it. */
export function uuidV5(namespace: string, name: string): string {
  const ns = namespace.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new Error(`Espace de noms UUID invalide : ${namespace}`);
  const nameBytes = utf8ToBytes(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = Number.parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const hash = sha1(input).slice(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytesToHex(hash);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ADOPTION: Record<Status, string> = {
  draft: "Private Draft",
  in_review: "Draft",
  validated: "Adopted",
  archived: "Deprecated",
};

const ITEM_TYPES = {
  bloc: {
    title: "Bloc de compétences",
    hierarchyCode: "1",
    description: "Bloc de compétences d'une certification RNCP",
  },
  activity: { title: "Activité", hierarchyCode: "1.1", description: "Activité du référentiel d'activités" },
  competency: {
    title: "Compétence",
    hierarchyCode: "1.2",
    description: "Compétence du référentiel de compétences",
  },
  modality: {
    title: "Modalité d'évaluation",
    hierarchyCode: "1.3",
    description: "Modalité d'évaluation du référentiel d'évaluation (d'un bloc, ou transversale)",
  },
} as const;
type ItemKind = keyof typeof ITEM_TYPES;

/** A date-time as CASE writes it (UTC, to the second). */
function caseDateTime(date: Date | string | undefined): string {
  const value = date === undefined ? new Date() : new Date(date);
  const valid = Number.isNaN(value.getTime()) ? new Date() : value;
  return `${valid.toISOString().slice(0, 19)}+00:00`;
}

export function exportCase(ref: Referential, options: CaseOptions = {}): CFPackage {
  const outline = buildOutline(ref);
  const { meta } = ref;
  const docKey = options.documentId || meta.rncpCode || meta.title || "référentiel";
  const documentId = uuidV5(REFSTUDIO_NAMESPACE, `referential:${docKey}`);
  const id = (name: string) => uuidV5(documentId, name);
  const base = options.baseUri?.replace(/\/+$/, "");
  const uri = (collection: string, identifier: string) =>
    base ? `${base}/${collection}/${identifier}` : `urn:uuid:${identifier}`;
  const versionTime = caseDateTime(options.date);
  const changed = (key: string) => {
    const at = options.changedAt?.(key);
    return at ? caseDateTime(at) : versionTime;
  };
  /** The latest of ISO date-times (they sort as strings). */
  const latest = (times: string[]) => [...times].sort().at(-1) || versionTime;
  const title = meta.title || "Référentiel";

  const documentLink: LinkUri = { title, identifier: documentId, uri: uri("CFDocuments", documentId) };
  const definitionsTime = changed(META_KEY);
  const typeDefinitions = (Object.keys(ITEM_TYPES) as ItemKind[]).map(
    (kind): CFItemTypeDefinition => ({
      identifier: id(`item-type:${kind}`),
      uri: uri("CFItemTypes", id(`item-type:${kind}`)),
      title: ITEM_TYPES[kind].title,
      description: ITEM_TYPES[kind].description,
      hierarchyCode: ITEM_TYPES[kind].hierarchyCode,
      typeCode: kind,
      lastChangeDateTime: definitionsTime,
    }),
  );
  const typeLink = (kind: ItemKind): LinkUri => {
    const definition = typeDefinitions.find((d) => d.typeCode === kind) as CFItemTypeDefinition;
    return { title: definition.title, identifier: definition.identifier, uri: definition.uri };
  };

  const items: CFItem[] = [];
  const links = new Map<string, LinkUri>();
  const addItem = (node: Node, kind: ItemKind) => {
    const code = outline.codes.get(node.id) ?? "";
    const lines =
      kind === "bloc"
        ? [node.title.trim()]
        : kind === "modality"
          ? modalityLines(node)
          : statementLines(node);
    const identifier = id(`node:${node.id}`);
    const item: CFItem = {
      identifier,
      uri: uri("CFItems", identifier),
      fullStatement: lines.join("\n") || code || ITEM_TYPES[kind].title,
      ...(code ? { humanCodingScheme: code } : {}),
      CFItemType: ITEM_TYPES[kind].title,
      CFItemTypeURI: typeLink(kind),
      language: "fr",
      lastChangeDateTime: changed(node.id),
    };
    if (kind === "bloc" && node.body.length > 0)
      item.notes = statementLines({ ...node, title: "" }).join("\n");
    if (kind === "bloc" && node.kind === "bloc") {
      const prerequisites = blocPrerequisites(node);
      if (prerequisites) item.notes = [item.notes, prerequisites].filter(Boolean).join("\n\n");
    }
    if ((kind === "activity" || kind === "modality") && node.title.trim() && lines.length > 1)
      item.abbreviatedStatement = node.title.trim().slice(0, 60);
    items.push(item);
    links.set(node.id, { title: code || item.fullStatement.slice(0, 60), identifier, uri: item.uri });
  };

  const associations: CFAssociation[] = [];
  const associate = (
    type: CFAssociation["associationType"],
    origin: LinkUri,
    destination: LinkUri,
    at: string,
    sequenceNumber?: number,
  ) => {
    const identifier = id(`association:${type}:${origin.identifier}:${destination.identifier}`);
    associations.push({
      identifier,
      uri: uri("CFAssociations", identifier),
      associationType: type,
      originNodeURI: origin,
      destinationNodeURI: destination,
      ...(sequenceNumber === undefined ? {} : { sequenceNumber }),
      lastChangeDateTime: at,
    });
  };
  const relate = (node: Node, targets: readonly string[] | undefined) => {
    for (const target of targets ?? []) {
      const link = links.get(target);
      if (link) associate("isRelatedTo", links.get(node.id) as LinkUri, link, changed(node.id));
    }
  };

  outline.blocs.forEach((entry, b) => {
    addItem(entry.bloc, "bloc");
    const blocLink = links.get(entry.bloc.id) as LinkUri;
    associate("isChildOf", blocLink, documentLink, changed(entry.bloc.id), b + 1);
    [...entry.activities, ...entry.competencies, ...entry.modalities].forEach((node, i) => {
      addItem(node, node.kind as ItemKind);
      associate("isChildOf", links.get(node.id) as LinkUri, blocLink, changed(node.id), i + 1);
    });
  });
  outline.transversal.forEach((node, i) => {
    addItem(node, "modality");
    associate(
      "isChildOf",
      links.get(node.id) as LinkUri,
      documentLink,
      changed(node.id),
      outline.blocs.length + i + 1,
    );
  });
  // Relations once every item exists: a transversal modality covers competencies of any bloc.
  for (const entry of outline.blocs) {
    for (const competency of entry.competencies) relate(competency, competency.links.activities);
    for (const modality of entry.modalities) relate(modality, modality.links.covers);
  }
  for (const modality of outline.transversal) relate(modality, modality.links.covers);

  const rubrics = outline.blocs.map((entry) => rubricOf(entry, outline, { id, uri, links, changed, latest }));

  const document: CFDocument = {
    identifier: documentId,
    uri: documentLink.uri,
    caseVersion: "1.1",
    creator: meta.certifiers[0]?.name || "Référentiel Studio",
    title,
    lastChangeDateTime: latest([
      changed(META_KEY),
      ...[...items, ...associations].map((record) => record.lastChangeDateTime),
    ]),
    ...(meta.rncpCode
      ? { officialSourceURL: `https://www.francecompetences.fr/recherche/rncp/${meta.rncpCode.slice(4)}/` }
      : {}),
    ...(meta.certifiers.length > 0 ? { publisher: meta.certifiers.map((c) => c.name).join(", ") } : {}),
    description: documentDescription(ref),
    language: "fr",
    ...(options.versionName ? { version: options.versionName } : {}),
    adoptionStatus: ADOPTION[meta.status],
    ...(options.sha256 ? { notes: `Instantané sha256 ${options.sha256}` } : {}),
  };
  return {
    CFDocument: document,
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: { CFItemTypes: typeDefinitions },
    CFRubrics: rubrics,
  };
}

/** Code, level, then the general evaluation rules of the certification (modalitesGenerales). */
function documentDescription(ref: Referential): string {
  const { meta } = ref;
  const head = [meta.rncpCode, meta.level ? `niveau ${meta.level.slice(3)}` : ""].filter(Boolean).join(", ");
  const general = richToLines(meta.modalitesGenerales).join("\n");
  return [
    head || meta.title || "Référentiel",
    general ? `Modalités générales d'évaluation :\n${general}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The bloc's prerequisites (entry into training, validation), labelled, or "" when there are none. */
function blocPrerequisites(bloc: BlocNode): string {
  return [
    bloc.prerequisEntree.trim() ? `Prérequis d'entrée en formation : ${bloc.prerequisEntree.trim()}` : "",
    bloc.prerequis.trim() ? `Prérequis à la validation : ${bloc.prerequis.trim()}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** A modality as one statement: its name, « type, individuelle, durée », then its description. */
function modalityLines(node: Node): string[] {
  if (node.kind !== "modality") return statementLines(node);
  const details = [
    node.modalityType ? MODALITY_TYPE_LABELS[node.modalityType] : "",
    node.grouping === "individual" ? "individuelle" : node.grouping === "group" ? "en groupe" : "",
    node.duration,
  ].filter(Boolean);
  const name = node.title.trim() || "Modalité d'évaluation";
  return [details.length > 0 ? `${name} (${details.join(", ")})` : name, ...richToLines(node.body)];
}

type RubricContext = {
  id: (name: string) => string;
  uri: (collection: string, identifier: string) => string;
  links: Map<string, LinkUri>;
  changed: (key: string) => string;
  latest: (times: string[]) => string;
};

/**
 * The bloc's rubric: its modalities as description, one criterion per (criterion, evaluated
 * competency). A criterion linked to no competency points at the bloc: CASE readers (OpenSALT)
 * dereference every criterion's item. CASE 1.1 serves no criterion on its own, so a criterion's
 * `uri` is its rubric's, with its identifier as fragment.
 */
function rubricOf(entry: Outline["blocs"][number], outline: Outline, context: RubricContext): CFRubric {
  const { id, uri, links, changed, latest } = context;
  const identifier = id(`rubric:${entry.bloc.id}`);
  const rubricUri = uri("CFRubrics", identifier);
  const criteria: CFRubricCriterion[] = [];
  for (const criterion of entry.criteria) {
    const description = statementLines(criterion).join("\n");
    const targets = (criterion.links.evaluates ?? []).filter((target) => links.has(target));
    for (const target of targets.length > 0 ? targets : [entry.bloc.id]) {
      const criterionId = id(`rubric-criterion:${criterion.id}:${targets.length > 0 ? target : ""}`);
      const item = links.get(target) as LinkUri;
      criteria.push({
        identifier: criterionId,
        uri: `${rubricUri}#${criterionId}`,
        category: item.title,
        CFItemURI: item,
        description,
        position: criteria.length + 1,
        rubricId: identifier,
        lastChangeDateTime: changed(criterion.id),
      });
    }
  }
  const modalities = blocModalities(entry, outline).map((m) => `- ${modalityLines(m).join(" : ")}`);
  return {
    identifier,
    uri: rubricUri,
    title: `Évaluation du bloc ${outline.codes.get(entry.bloc.id) ?? ""}`.trim(),
    ...(modalities.length > 0 ? { description: `Modalités d'évaluation :\n${modalities.join("\n")}` } : {}),
    lastChangeDateTime: latest([
      changed(entry.bloc.id),
      ...criteria.map((c) => c.lastChangeDateTime),
      ...blocModalities(entry, outline).map((m) => changed(m.id)),
    ]),
    CFRubricCriteria: criteria,
  };
}
