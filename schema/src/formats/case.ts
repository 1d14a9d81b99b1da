import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Node, Referential, Status } from "../model.ts";
import { buildOutline, type Outline } from "../outline.ts";
import { type ExportMeta, statementLines } from "./exportView.ts";

/**
 * Export as a 1EdTech CASE 1.1 `CFPackage`: the document, one CFItem per bloc, activity and
 * competency (isChildOf associations in order, isRelatedTo from a competency to the activities
 * it derives from), and one CFRubric per bloc whose criteria point at the competency they
 * evaluate. Identifiers are name-based UUIDs (v5) of the node ids, so they stay the same from
 * one export to the next.
 */

export type CaseOptions = ExportMeta & {
  /** Where the CASE resources are served (e.g. "https://example.org/ims/case/v1p1"); URNs otherwise. */
  baseUri?: string;
  /** What identifies the référentiel across exports (the server's id); defaults to the RNCP code, else the title. */
  documentId?: string;
};

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
  CFDocumentURI: LinkUri;
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
  CFDocumentURI: LinkUri;
  lastChangeDateTime: string;
};

export type CFRubricCriterion = {
  identifier: string;
  uri: string;
  category?: string;
  description: string;
  CFItemURI?: LinkUri;
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
  CFPackageURI: LinkUri;
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
  const now = caseDateTime(options.date);
  const title = meta.title || "Référentiel";

  const documentLink: LinkUri = { title, identifier: documentId, uri: uri("CFDocuments", documentId) };
  const typeDefinitions = (Object.keys(ITEM_TYPES) as ItemKind[]).map(
    (kind): CFItemTypeDefinition => ({
      identifier: id(`item-type:${kind}`),
      uri: uri("CFItemTypes", id(`item-type:${kind}`)),
      title: ITEM_TYPES[kind].title,
      description: ITEM_TYPES[kind].description,
      hierarchyCode: ITEM_TYPES[kind].hierarchyCode,
      typeCode: kind,
      lastChangeDateTime: now,
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
    const lines = kind === "bloc" ? [node.title.trim()] : statementLines(node);
    const identifier = id(`node:${node.id}`);
    const item: CFItem = {
      identifier,
      uri: uri("CFItems", identifier),
      fullStatement: lines.join("\n") || code || ITEM_TYPES[kind].title,
      ...(code ? { humanCodingScheme: code } : {}),
      CFItemType: ITEM_TYPES[kind].title,
      CFItemTypeURI: typeLink(kind),
      CFDocumentURI: documentLink,
      language: "fr",
      lastChangeDateTime: now,
    };
    if (kind === "bloc" && node.body.length > 0)
      item.notes = statementLines({ ...node, title: "" }).join("\n");
    if (kind === "activity" && node.body.length > 0)
      item.abbreviatedStatement = node.title.trim().slice(0, 60);
    items.push(item);
    links.set(node.id, { title: code || item.fullStatement.slice(0, 60), identifier, uri: item.uri });
  };

  const associations: CFAssociation[] = [];
  const associate = (
    type: CFAssociation["associationType"],
    origin: LinkUri,
    destination: LinkUri,
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
      CFDocumentURI: documentLink,
      lastChangeDateTime: now,
    });
  };

  outline.blocs.forEach((entry, b) => {
    addItem(entry.bloc, "bloc");
    const blocLink = links.get(entry.bloc.id) as LinkUri;
    associate("isChildOf", blocLink, documentLink, b + 1);
    [...entry.activities, ...entry.competencies].forEach((node, i) => {
      addItem(node, node.kind === "activity" ? "activity" : "competency");
      associate("isChildOf", links.get(node.id) as LinkUri, blocLink, i + 1);
    });
    for (const competency of entry.competencies) {
      for (const activity of competency.links.activities ?? []) {
        const target = links.get(activity);
        if (target) associate("isRelatedTo", links.get(competency.id) as LinkUri, target);
      }
    }
  });

  const rubrics = outline.blocs.map((entry) => rubricOf(entry, outline, { id, uri, links, now }));

  const document: CFDocument = {
    identifier: documentId,
    uri: documentLink.uri,
    caseVersion: "1.1",
    creator: meta.certifiers[0]?.name || "Référentiel Studio",
    title,
    lastChangeDateTime: now,
    ...(meta.rncpCode
      ? { officialSourceURL: `https://www.francecompetences.fr/recherche/rncp/${meta.rncpCode.slice(4)}/` }
      : {}),
    ...(meta.certifiers.length > 0 ? { publisher: meta.certifiers.map((c) => c.name).join(", ") } : {}),
    description:
      [meta.rncpCode, meta.level ? `niveau ${meta.level.slice(3)}` : ""].filter(Boolean).join(", ") || title,
    language: "fr",
    ...(options.versionName ? { version: options.versionName } : {}),
    adoptionStatus: ADOPTION[meta.status],
    ...(options.sha256 ? { notes: `Instantané sha256 ${options.sha256}` } : {}),
    CFPackageURI: { title, identifier: documentId, uri: uri("CFPackages", documentId) },
  };
  return {
    CFDocument: document,
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: { CFItemTypes: typeDefinitions },
    CFRubrics: rubrics,
  };
}

type RubricContext = {
  id: (name: string) => string;
  uri: (collection: string, identifier: string) => string;
  links: Map<string, LinkUri>;
  now: string;
};

/** The bloc's rubric: its modalities as description, one criterion per (criterion, evaluated competency). */
function rubricOf(entry: Outline["blocs"][number], outline: Outline, context: RubricContext): CFRubric {
  const { id, uri, links, now } = context;
  const identifier = id(`rubric:${entry.bloc.id}`);
  const criteria: CFRubricCriterion[] = [];
  for (const criterion of entry.criteria) {
    const description = statementLines(criterion).join("\n");
    const targets = (criterion.links.evaluates ?? []).filter((target) => links.has(target));
    for (const target of targets.length > 0 ? targets : [null]) {
      const criterionId = id(`rubric-criterion:${criterion.id}:${target ?? ""}`);
      const item = target ? links.get(target) : undefined;
      criteria.push({
        identifier: criterionId,
        uri: uri("CFRubricCriteria", criterionId),
        ...(item ? { category: item.title, CFItemURI: item } : {}),
        description,
        position: criteria.length + 1,
        rubricId: identifier,
        lastChangeDateTime: now,
      });
    }
  }
  const modalities = entry.modalities.map((m) => {
    const details = [m.duration].filter(Boolean).join(", ");
    return `- ${m.title || "Modalité"}${details ? ` (${details})` : ""}${m.body.length > 0 ? ` : ${statementLines({ ...m, title: "" }).join(" ")}` : ""}`;
  });
  return {
    identifier,
    uri: uri("CFRubrics", identifier),
    title: `Évaluation du bloc ${outline.codes.get(entry.bloc.id) ?? ""}`.trim(),
    ...(modalities.length > 0 ? { description: `Modalités d'évaluation :\n${modalities.join("\n")}` } : {}),
    lastChangeDateTime: now,
    CFRubricCriteria: criteria,
  };
}
