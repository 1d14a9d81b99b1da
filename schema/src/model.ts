import { z } from "zod";

/**
 * The plain-JSON model of a référentiel (DESIGN §3). These zod schemas are the single source of
 * the TypeScript types; the Yjs document is projected into them by `toReferential`.
 */

export const LIMITS = {
  titleChars: 800,
  nodeTitleChars: 2_000,
  textChars: 50_000,
  nsf: 3,
  rome: 5,
  formacodes: 5,
  certifiers: 50,
  nodes: 5_000,
  commentChars: 10_000,
  suggestionChars: 10_000,
  /** XML of one FICHE element kept from an import (a long list of partners fits). */
  keptXmlChars: 4_000_000,
} as const;

/** Ids of nodes, threads and messages. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "identifiant invalide");

export const NODE_KINDS = ["bloc", "activity", "competency", "modality", "criterion"] as const;
export const NodeKind = z.enum(NODE_KINDS);
export type NodeKind = z.infer<typeof NodeKind>;

export const LEVELS = ["NIV3", "NIV4", "NIV5", "NIV6", "NIV7", "NIV8"] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const STATUSES = ["draft", "in_review", "validated", "archived"] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const MODALITY_TYPES = [
  "mise_en_situation",
  "etude_de_cas",
  "dossier",
  "soutenance_orale",
  "questionnaire",
  "epreuve_ecrite",
  "autre",
] as const;
export const ModalityType = z.enum(MODALITY_TYPES);
export type ModalityType = z.infer<typeof ModalityType>;

/** How each modality type is written in documents and messages. */
export const MODALITY_TYPE_LABELS: Record<ModalityType, string> = {
  mise_en_situation: "Mise en situation professionnelle",
  etude_de_cas: "Étude de cas",
  dossier: "Dossier",
  soutenance_orale: "Soutenance orale",
  questionnaire: "Questionnaire",
  epreuve_ecrite: "Épreuve écrite",
  autre: "Autre",
};

export const Grouping = z.enum(["individual", "group"]);
export type Grouping = z.infer<typeof Grouping>;

/** ProseMirror-compatible JSON of one rich-text field (what Tiptap stores in a Y.XmlFragment). */
export type RichNode = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
};
export const RichNode: z.ZodType<RichNode> = z.lazy(() =>
  z.strictObject({
    type: z.string().min(1).max(64),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(RichNode).optional(),
    text: z.string().max(LIMITS.textChars).optional(),
    marks: z
      .array(z.strictObject({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() }))
      .optional(),
  }),
);
/** A rich-text field: the children of its fragment (paragraphs, lists...). */
export const RichText = z.array(RichNode);
export type RichText = z.infer<typeof RichText>;

export const Certifier = z.strictObject({
  name: z.string().min(1).max(500),
  siret: z
    .string()
    .regex(/^\d{14}$/, "un SIRET a 14 chiffres")
    .optional(),
});
export type Certifier = z.infer<typeof Certifier>;

/** Fiche texts that are rich text in the document (Y.XmlFragment under `meta`). */
export const META_RICH_FIELDS = [
  "activitesVisees",
  "capacitesAttestees",
  "secteursActivite",
  "typesEmplois",
  "objectifsContexte",
  "modalitesGenerales",
  "reglementationsActivites",
  "prerequisEntreeFormation",
] as const;
export type MetaRichField = (typeof META_RICH_FIELDS)[number];

/**
 * One element of an imported RNCP fiche, kept as its XML so that export writes it back as the
 * certifier's flux had it. `digest` is set on the elements the model edits: the digest of what the
 * import made of it, so export writes the original back while the model still says the same.
 */
export const KeptElement = z.strictObject({
  name: z.string().min(1).max(100),
  xml: z.string().max(LIMITS.keptXmlChars),
  digest: z.string().max(64).optional(),
});
export type KeptElement = z.infer<typeof KeptElement>;

/** What an imported RNCP fiche holds beyond the model, in the flux's order (see formats/rncpFlux.ts). */
export const RncpFlux = z.strictObject({
  /** Every child of the FICHE element, in order. */
  fiche: z.array(KeptElement).max(1_000),
  /** The children of each imported bloc's BLOC_COMPETENCES, by bloc node id. */
  blocs: z.record(z.string(), z.array(KeptElement).max(100)),
});
export type RncpFlux = z.infer<typeof RncpFlux>;

/** An old bloc of the previous certification, as the renewal's correspondence table names it. */
export const OldBloc = z.strictObject({
  code: z.string().max(40),
  title: z.string().max(LIMITS.nodeTitleChars),
});
export type OldBloc = z.infer<typeof OldBloc>;

/**
 * One line of the correspondence table of a renewal: old bloc(s) of the previous certification →
 * new bloc(s) of this one (node ids), totally or partly. `confirmed` is false while the line is
 * only proposed by the comparison and the team has not confirmed it.
 */
export const CorrespondenceRow = z.strictObject({
  id: Id,
  old: z.array(OldBloc).max(50),
  new: z.array(Id).max(50),
  coverage: z.enum(["total", "partial"]),
  comment: z.string().max(2_000),
  confirmed: z.boolean(),
});
export type CorrespondenceRow = z.infer<typeof CorrespondenceRow>;

/** The renewal of an earlier certification: which one, and the correspondence between its blocs and ours. */
export const RenewalPrevious = z.strictObject({
  rncpCode: z.union([z.literal(""), z.string().regex(/^RNCP\d{4,5}$/, "RNCP suivi de 4 ou 5 chiffres")]),
  title: z.string().max(LIMITS.titleChars),
});
export type RenewalPrevious = z.infer<typeof RenewalPrevious>;

export const Renewal = z.strictObject({
  previous: RenewalPrevious,
  rows: z.array(CorrespondenceRow).max(500),
});
export type Renewal = z.infer<typeof Renewal>;

export const Meta = z.strictObject({
  rncpCode: z.union([z.literal(""), z.string().regex(/^RNCP\d{4,5}$/, "RNCP suivi de 4 ou 5 chiffres")]),
  title: z.string(),
  level: z.union([z.literal(""), Level]),
  nsf: z.array(z.string().max(20)),
  rome: z.array(z.string().max(20)),
  formacodes: z.array(z.string().max(20)),
  certifiers: z.array(Certifier).max(LIMITS.certifiers),
  status: Status,
  activitesVisees: RichText,
  capacitesAttestees: RichText,
  secteursActivite: RichText,
  typesEmplois: RichText,
  objectifsContexte: RichText,
  modalitesGenerales: RichText,
  reglementationsActivites: RichText,
  prerequisEntreeFormation: RichText,
  /** Present on a référentiel imported from an RNCP fiche. */
  rncpFlux: RncpFlux.optional(),

  /** Absent unless this certification renews an earlier one. */
  renewal: Renewal.optional(),
});
export type Meta = z.infer<typeof Meta>;

/** The meta of a blank référentiel. */
export function emptyMeta(): Meta {
  return {
    rncpCode: "",
    title: "",
    level: "",
    nsf: [],
    rome: [],
    formacodes: [],
    certifiers: [],
    status: "draft",
    activitesVisees: [],
    capacitesAttestees: [],
    secteursActivite: [],
    typesEmplois: [],
    objectifsContexte: [],
    modalitesGenerales: [],
    reglementationsActivites: [],
    prerequisEntreeFormation: [],
  };
}

export const LINK_NAMES = ["activities", "covers", "evaluates"] as const;
export const LinkName = z.enum(LINK_NAMES);
export type LinkName = z.infer<typeof LinkName>;

/** Which link a kind owns and which kind it must point at. */
export const LINK_RULES: Record<LinkName, { from: NodeKind; to: NodeKind }> = {
  activities: { from: "competency", to: "activity" },
  covers: { from: "modality", to: "competency" },
  evaluates: { from: "criterion", to: "competency" },
};

/** Which kinds may be the parent of a kind (`null` = the référentiel's root). */
export const PARENT_RULES: Record<NodeKind, readonly (NodeKind | null)[]> = {
  bloc: [null],
  activity: ["bloc"],
  competency: ["bloc"],
  modality: ["bloc", null],
  criterion: ["bloc"],
};

const NodeBase = {
  id: Id,
  parent: Id.nullable(),
  /** Fractional index among siblings of the same kind (package `fractional-indexing`). */
  order: z.string().min(1).max(200),
  /** A code the user pinned; `null` means the code is derived from position. */
  pinnedCode: z.string().max(40).nullable(),
  title: z.string().max(LIMITS.nodeTitleChars),
  body: RichText,
  links: z.strictObject({
    activities: z.array(Id).optional(),
    covers: z.array(Id).optional(),
    evaluates: z.array(Id).optional(),
  }),
};

export const BlocNode = z.strictObject({
  ...NodeBase,
  kind: z.literal("bloc"),
  /** Prerequisites to validate the bloc (flux: PREREQUIS_VALIDATION_BLOC). */
  prerequis: z.string(),
  /** Prerequisites to enter the bloc's training (flux: PREREQUIS_ENTREE_FORMATION_BLOC). */
  prerequisEntree: z.string(),
});
export const ActivityNode = z.strictObject({ ...NodeBase, kind: z.literal("activity") });
export const CompetencyNode = z.strictObject({ ...NodeBase, kind: z.literal("competency") });
export const ModalityNode = z.strictObject({
  ...NodeBase,
  kind: z.literal("modality"),
  modalityType: ModalityType.nullable(),
  grouping: Grouping.nullable(),
  duration: z.string().max(100),
});
export const CriterionNode = z.strictObject({ ...NodeBase, kind: z.literal("criterion") });

export const Node = z.discriminatedUnion("kind", [
  BlocNode,
  ActivityNode,
  CompetencyNode,
  ModalityNode,
  CriterionNode,
]);
export type Node = z.infer<typeof Node>;
export type BlocNode = z.infer<typeof BlocNode>;
export type ModalityNode = z.infer<typeof ModalityNode>;
export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;

/** Where a comment thread is attached: a whole node, one of its fields, or a range of that field. */
export const Anchor = z.strictObject({
  node: Id,
  field: z.enum(["title", "body"]).optional(),
  /** Character offsets in the field's plain text (resolved from Y.RelativePositions). */
  range: z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0) }).optional(),
});
export type Anchor = z.infer<typeof Anchor>;

export const CommentMessage = z.strictObject({
  id: Id,
  author: z.string().min(1).max(200),
  body: z.string().min(1).max(LIMITS.commentChars),
  at: z.string(),
  editedAt: z.string().optional(),
});
export type CommentMessage = z.infer<typeof CommentMessage>;

export const CommentThread = z.strictObject({
  id: Id,
  anchor: Anchor,
  status: z.enum(["open", "resolved"]),
  /** True when the commented text was deleted: the thread is kept, shown as orphaned. */
  orphaned: z.boolean(),
  messages: z.array(CommentMessage),
});
export type CommentThread = z.infer<typeof CommentThread>;

export const SUGGESTION_KINDS = ["replace", "insert", "delete"] as const;
export const SuggestionKind = z.enum(SUGGESTION_KINDS);
export type SuggestionKind = z.infer<typeof SuggestionKind>;
/** Stored statuses; « outdated » is not stored but read from the text (see `Suggestion.outdated`). */
export const SuggestionStatus = z.enum(["open", "accepted", "rejected"]);
export type SuggestionStatus = z.infer<typeof SuggestionStatus>;

/**
 * A suggested edit of a text range: replace `original` by `text`, insert `text` (an empty range) or
 * delete `original`. It lives beside the content and becomes content only when accepted.
 */
export const Suggestion = z.strictObject({
  id: Id,
  /** The field and the range it changes (from = to for an insertion), while it can be found. */
  anchor: Anchor,
  kind: SuggestionKind,
  /** The range's text when the suggestion was made ("" for an insertion). */
  original: z.string().max(LIMITS.suggestionChars),
  /** The proposed text ("" for a deletion). */
  text: z.string().max(LIMITS.suggestionChars),
  author: z.string().min(1).max(200),
  at: z.string(),
  editedAt: z.string().optional(),
  status: SuggestionStatus,
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  /** True when the range's text is no longer `original` (or is gone): it cannot be applied as is. */
  outdated: z.boolean(),
  /** Replies, as in a comment thread. */
  messages: z.array(CommentMessage),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const Referential = z.strictObject({
  meta: Meta,
  nodes: z.array(Node).max(LIMITS.nodes),
  comments: z.array(CommentThread),
});
export type Referential = z.infer<typeof Referential>;

export const SNAPSHOT_FORMAT = "refstudio.snapshot";
/** Version of the snapshot format (the shared document has its own, DOC_SCHEMA_VERSION). 2: the fiche's regulations and entry prerequisites, a bloc's entry prerequisites, the kept RNCP flux. */
export const SCHEMA_VERSION = 2;

/** The canonical, versioned exchange format of a référentiel. */
export const Snapshot = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION),
  referential: Referential,
});
export type Snapshot = z.infer<typeof Snapshot>;
