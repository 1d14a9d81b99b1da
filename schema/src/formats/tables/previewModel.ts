import type { Meta, ModalityType } from "../../model.ts";
import type { SourceFormat } from "./sourceDocument.ts";

/**
 * What an import proposes before anything is created: every item in the column and bloc it was
 * put in, what was uncertain flagged, and the text that fits nowhere in a « Non classé » list.
 * The user corrects it (previewEdits.ts), then it becomes a référentiel (previewToReferential.ts).
 */

export type ItemKind = "activity" | "competency" | "modality" | "criterion";
export const ITEM_KINDS: readonly ItemKind[] = ["activity", "competency", "modality", "criterion"];

/** Which items an item's links point at: a competency's activities, a modality's or criterion's competencies. */
export const LINK_TARGET: Record<ItemKind, ItemKind | null> = {
  activity: null,
  competency: "activity",
  modality: "competency",
  criterion: "competency",
};

export type PreviewBloc = {
  id: string;
  /** The heading as written before the title (« BLOC 1 – », « 1/ »), kept for the user to see. */
  label: string;
  /** A code stated by the document (`RNCP12345BC01`), pinned on the bloc. */
  code: string | null;
  title: string;
  /** Description lines. */
  lines: string[];
  /** What an RNCP fiche says of the bloc's prerequisites (a table has none): carried to the référentiel. */
  prerequis?: string;
  prerequisEntree?: string;
};

export type PreviewItem = {
  id: string;
  kind: ItemKind;
  /** The bloc id; `null` for a transversal modality (outside any bloc). */
  bloc: string | null;
  /** The code the document gives (OCR slips corrected), or null. */
  code: string | null;
  /** The code exactly as written when it was corrected (« Al.1 »). */
  written: string | null;
  /** A modality's or activity's name; empty for competencies and criteria (one statement). */
  title: string;
  lines: string[];
  /** Ids of the items this one links to (see LINK_TARGET). */
  links: string[];
  modalityType: ModalityType | null;
  /** A modality's duration, when the source states it apart (an RNCP fiche's « : 3 heures »). */
  duration?: string;
  /** What the import was not sure of, in French: shown on the item until the user accepts it. */
  flags: string[];
  /** Where it was read: « tableau 1, ligne 3 », « page 2 ». */
  place: string;
};

export type Unclassified = { id: string; text: string; reason: string; place: string };

export type ImportPreview = {
  format: SourceFormat | "rncp";
  title: string;
  /** What the source says of the certification beyond the table (an RNCP fiche's meta). */
  meta?: Meta;
  blocs: PreviewBloc[];
  items: PreviewItem[];
  unclassified: Unclassified[];
  /** Remarks about the whole document (a table without a header, columns assumed…). */
  notes: string[];
};

/** The text of an item as one string (title, then lines). */
export const itemText = (item: Pick<PreviewItem, "title" | "lines">) =>
  [item.title, ...item.lines].filter((t) => t.length > 0).join(" ");
