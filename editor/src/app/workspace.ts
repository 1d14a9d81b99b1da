import type { Anchor, Outline } from "@refstudio/schema";
import { createContext, useContext, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import type { ReferentialSummary, Role, User } from "../api/types.ts";
import type { Collab } from "../collab/collab.ts";
import { Store } from "../collab/store.ts";
import type { KeptDraft } from "../hooks/useKeepOnDelete.ts";
import { isNarrowScreen } from "../hooks/useNarrowScreen.ts";
import type { ExportResult, VersionDownload, VersionFormat } from "./exports.ts";
import { META_PLACE, type Place, type View } from "./router.ts";

export type { View };

/**
 * What every component of the référentiel page shares: the open document, who I am and what my
 * role lets me do, and the page's UI state (which view, which panel, where to put the focus).
 */

/** A tab of the side panel (see components/panel/tabs.ts, where tabs are declared). */
export type PanelTab = string;

/**
 * A field to focus once it is on screen: a node's field, or a meta field (`nodeId` null).
 * `select` (plain-text offsets) selects a passage in it, e.g. a search match.
 */
export type FocusTarget = {
  nodeId: string | null;
  field: string;
  seq: number;
  select?: { from: number; to: number };
};

/** How a bloc is shown: four columns of cards (reordering), or the certifiers' aligned table. */
export type BlocMode = "cards" | "table";

export type CommentDraft = { anchor: Anchor; quote: string };

/** A suggested edit being written: the field's range it starts from (plain-text offsets) and its text. */
export type SuggestionDraft = {
  node: string;
  field: "title" | "body";
  range: { from: number; to: number };
  quote: string;
};

export type UiState = {
  view: View;
  /** The item the person is on (focused, or jumped to): part of the page's URL. */
  item: string | null;
  /** An item to bring into view and flash (a search result, a link opened). */
  reveal: { nodeId: string; seq: number } | null;
  blocMode: BlocMode;
  /** The search dialog (Ctrl+F). */
  searchOpen: boolean;
  /** The « Raccourcis » dialog (?). */
  shortcutsOpen: boolean;
  /** What I was typing in items deleted under me, kept until I restore, copy or discard it. */
  kept: KeptDraft[];
  panel: PanelTab;
  /** The side panel can be folded to give the table more room. */
  panelOpen: boolean;
  focus: FocusTarget | null;
  activeThread: string | null;
  draft: CommentDraft | null;
  /** The suggestion shown and acted on by the keyboard (its thread in the Comments panel). */
  activeSuggestion: string | null;
  suggestionDraft: SuggestionDraft | null;
  /** An editor who chose « Suggérer »: the content is read-only, selections become suggestions. */
  suggestMode: boolean;
  exportResult: ExportResult | null;
  /** The last download of a version (shown under that version; a refusal lists its issues). */
  versionDownload: VersionDownload | null;
  /** The version and format whose export dialog is open (what the file holds, before download). */
  exportDialog: { versionId: string; format: VersionFormat } | null;
  /** A node the user asked to delete, awaiting confirmation. */
  pendingDelete: string | null;
};

export type Permissions = {
  /** Change content: owners and editors. */
  edit: boolean;
  /** Open threads, reply, resolve: everyone but viewers. */
  comment: boolean;
  /** Delete a thread: owners and editors. */
  deleteThreads: boolean;
  /** Propose a change: everyone but viewers. */
  suggest: boolean;
  /** Accept or reject a suggestion: owners and editors. */
  decide: boolean;
  /** Name versions: owners and editors. */
  version: boolean;
  /** Members and the validated export: owners. */
  manage: boolean;
};

/**
 * What a role may do; an editor in « Suggérer » mode (`suggesting`) proposes instead of editing;
 * an archived référentiel is read-only for everyone (the server refuses the rest).
 */
export function permissionsOf(role: Role, suggesting = false, archived = false): Permissions {
  const writer = !archived && (role === "owner" || role === "editor");
  return {
    edit: writer && !suggesting,
    comment: !archived && role !== "viewer",
    deleteThreads: writer,
    suggest: !archived && role !== "viewer",
    decide: writer,
    version: writer,
    manage: !archived && role === "owner",
  };
}

export type Workspace = {
  collab: Collab;
  doc: Y.Doc;
  user: User;
  summary: ReferentialSummary;
  /**
   * The référentiel as the server describes it now. After the server refused my changes for good
   * (role changed, removed), it differs from `summary` until I start again: the page keeps my
   * former permissions meanwhile, so that nothing I go on typing is lost (RefusedBanner keeps it).
   */
  current: ReferentialSummary;
  can: Permissions;
  ui: Store<UiState>;
  /**
   * Set when the screens show a document that cannot change here (a past version): the
   * reason is shown in a banner and every permission is off. Null for the live document.
   */
  readOnly: { banner: string } | null;
};

/** What the page needs to open a document: live (from my role) or read-only (a version). */
export function createWorkspace(input: {
  collab: Collab;
  user: User;
  summary: ReferentialSummary;
  current?: ReferentialSummary;
  ui: Store<UiState>;
  /** The suggestion mode of issue 12: my typing becomes suggested edits. */
  suggesting?: boolean;
  readOnly?: { banner: string } | null;
}): Workspace {
  const readOnly = input.readOnly ?? null;
  return {
    collab: input.collab,
    doc: input.collab.doc,
    user: input.user,
    summary: input.summary,
    current: input.current ?? input.summary,
    ui: input.ui,
    can: readOnly
      ? NO_PERMISSIONS
      : permissionsOf(input.summary.role, input.suggesting, input.summary.archived),
    readOnly,
  };
}

/** Nothing may be written: a past version, shown read-only. */
export const NO_PERMISSIONS: Permissions = {
  edit: false,
  comment: false,
  deleteThreads: false,
  suggest: false,
  decide: false,
  version: false,
  manage: false,
};

const WorkspaceContext = createContext<Workspace | null>(null);
export const WorkspaceProvider = WorkspaceContext.Provider;

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useWorkspace outside the référentiel page");
  return workspace;
}

const BLOC_MODE_KEY = "refstudio.blocMode";

function rememberedBlocMode(): BlocMode {
  try {
    return globalThis.localStorage?.getItem(BLOC_MODE_KEY) === "table" ? "table" : "cards";
  } catch {
    return "cards";
  }
}

/** Switches the bloc view between cards and table, remembered on this device. */
export function setBlocMode(ui: Store<UiState>, blocMode: BlocMode): void {
  try {
    globalThis.localStorage?.setItem(BLOC_MODE_KEY, blocMode);
  } catch {
    // private mode: the choice lasts for this page only
  }
  ui.update({ blocMode });
}

/** The page's UI state, opened at a place (from the URL); a thread or a suggestion opens the Comments panel. */
export function createUiState(place: Place = META_PLACE): Store<UiState> {
  return new Store<UiState>({
    view: place.view,
    item: place.item,
    reveal: null,
    blocMode: rememberedBlocMode(),
    searchOpen: false,
    shortcutsOpen: false,
    kept: [],
    panel: place.thread || place.suggestion ? "comments" : "validation",
    panelOpen: !isNarrowScreen(),
    focus: null,
    activeThread: place.thread,
    draft: null,
    activeSuggestion: place.suggestion ?? null,
    suggestionDraft: null,
    suggestMode: false,
    exportResult: null,
    versionDownload: null,
    exportDialog: null,
    pendingDelete: null,
  });
}

/** Reads one slice of the UI state; re-renders only when that slice changes. */
export function useUi<T>(select: (state: UiState) => T): T {
  const { ui } = useWorkspace();
  return useSyncExternalStore(ui.subscribe, () => select(ui.get()));
}

let focusSeq = 0;

/** The view that shows a node: its bloc, the transversal modalities, or the orphans. */
export function viewOf(outline: Outline, nodeId: string | null): View {
  if (nodeId === null) return { name: "meta" };
  const node = outline.byId.get(nodeId);
  if (!node) return { name: "meta" };
  if (node.kind === "bloc") return { name: "bloc", id: node.id };
  if (outline.transversal.some((m) => m.id === nodeId)) return { name: "transversal" };
  if (outline.orphans.some((o) => o.id === nodeId)) return { name: "orphans" };
  return node.parent ? { name: "bloc", id: node.parent } : { name: "meta" };
}

/** Shows a node (or meta field) and puts the keyboard focus in the given field (selecting `select`). */
export function jumpTo(
  ui: Store<UiState>,
  outline: Outline,
  nodeId: string | null,
  field = "body",
  select?: { from: number; to: number },
): void {
  focusSeq += 1;
  ui.update({
    view: viewOf(outline, nodeId),
    item: nodeId,
    focus: { nodeId, field, seq: focusSeq, select },
    reveal: nodeId ? { nodeId, seq: focusSeq } : null,
  });
}

/** Shows a node and brings it into view, flashing it, without taking the keyboard focus. */
export function reveal(ui: Store<UiState>, outline: Outline, nodeId: string): void {
  focusSeq += 1;
  ui.update({ view: viewOf(outline, nodeId), item: nodeId, reveal: { nodeId, seq: focusSeq } });
}

/** Shows a tab of the side panel (unfolding it), with other UI changes made at the same time. */
export function openPanel(ui: Store<UiState>, panel: PanelTab, also: Partial<UiState> = {}): void {
  ui.update({ ...also, panel, panelOpen: true });
}

/** Puts the focus in a field of the current view (e.g. the item just added). */
export function requestFocus(ui: Store<UiState>, nodeId: string | null, field: string): void {
  focusSeq += 1;
  ui.update({ focus: { nodeId, field, seq: focusSeq } });
}

/** Called by the field that took the focus, so it is not taken again on the next render. */
export function focusDone(ui: Store<UiState>, target: FocusTarget): void {
  if (ui.get().focus?.seq === target.seq) ui.update({ focus: null });
}
