import type { Issue, NodeKind, Outline } from "@refstudio/schema";
import { useEffect } from "react";
import { addItem } from "../app/nodeActions.ts";
import {
  jumpTo,
  openPanel,
  requestFocus,
  type UiState,
  useWorkspace,
  type Workspace,
} from "../app/workspace.ts";
import type { Store } from "../collab/store.ts";
import { showToast } from "../components/ui/Toasts.tsx";
import { getLang } from "../i18n/i18n.ts";
import { outlineSource } from "./useOutline.ts";
import { validatorOf } from "./useValidation.ts";

const TEXT_INPUTS = ["text", "search", "email", "password", "number", "url", "tel"];

/** Where the keyboard is typing text: keys there are the field's, not the page's. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element?.closest) return false;
  if (element instanceof HTMLInputElement) return TEXT_INPUTS.includes(element.type);
  return element.closest("textarea, [contenteditable=true]") !== null;
}

const REGIONS = ["outline", "centre", "panel"] as const;
type Region = (typeof REGIONS)[number];

/** The page's shortcuts (app/shortcuts.ts lists them): search, issues, blocs, regions, add an item. */
export function useShortcuts(): void {
  const workspace = useWorkspace();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const handled = handleKey(workspace, event);
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [workspace]);
}

function handleKey(workspace: Workspace, event: KeyboardEvent): boolean {
  const { ui } = workspace;
  const mod = event.ctrlKey || event.metaKey;
  const typing = isTyping(event.target);
  if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "f") {
    ui.update({ searchOpen: true });
    return true;
  }
  if (ui.get().searchOpen || ui.get().shortcutsOpen) return false;
  if (!typing && !mod && !event.altKey && event.key === "/") {
    ui.update({ searchOpen: true });
    return true;
  }
  if (!typing && !mod && event.key === "?") {
    ui.update({ shortcutsOpen: true });
    return true;
  }
  if (event.key === "F8" && !mod && !event.altKey) {
    goToIssue(workspace, event.shiftKey ? -1 : 1);
    return true;
  }
  if (event.key === "F6" && !mod && !event.altKey) {
    cycleRegion(ui, event.shiftKey ? -1 : 1);
    return true;
  }
  if (event.altKey && event.shiftKey && !mod) {
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
    if (digit) return goToBloc(workspace, Number(digit));
    const region = ({ KeyO: "outline", KeyC: "centre", KeyL: "panel" } as Record<string, Region>)[event.code];
    if (region) {
      focusRegion(ui, region);
      return true;
    }
  }
  if (event.altKey && !event.shiftKey && !mod && event.key === "Enter") {
    return addInCurrentColumn(workspace, event.target as HTMLElement | null);
  }
  return false;
}

/** Validation issues in document order (the fiche first), errors before warnings. */
function orderedIssues(issues: Issue[], outline: Outline): Issue[] {
  const rank = new Map([...outline.codes.keys()].map((id, i) => [id, i]));
  const position = (issue: Issue) => (issue.nodeId ? (rank.get(issue.nodeId) ?? 1e9) : -1);
  const errors = issues.filter((issue) => issue.severity === "error");
  const chosen = errors.length > 0 ? errors : issues;
  return [...chosen].sort((a, b) => position(a) - position(b));
}

const lastIssue = new WeakMap<Store<UiState>, string>();

/** Jumps to the next (+1) or previous (-1) issue after the one visited last, its message announced. */
export function goToIssue(workspace: Workspace, step: 1 | -1): void {
  const { doc, ui } = workspace;
  const outline = outlineSource(doc).get();
  const issues = orderedIssues(validatorOf(doc).report().issues, outline);
  if (issues.length === 0) {
    showToast({
      tone: "success",
      message: getLang() === "fr" ? "Aucun problème à corriger." : "No issue to fix.",
    });
    return;
  }
  const rank = new Map([...outline.codes.keys()].map((id, i) => [id, i]));
  const last = lastIssue.get(ui);
  let index = issues.findIndex((issue) => issue.key === last);
  if (index >= 0) index = (index + step + issues.length) % issues.length;
  else {
    const here = ui.get().item ? (rank.get(ui.get().item as string) ?? -1) : -2;
    const after = issues.findIndex((issue) => (issue.nodeId ? (rank.get(issue.nodeId) ?? 1e9) : -1) > here);
    index = step === 1 ? Math.max(0, after) : (after <= 0 ? issues.length : after) - 1;
  }
  const issue = issues[index] as Issue;
  lastIssue.set(ui, issue.key);
  jumpTo(ui, outline, issue.nodeId, issue.field ?? (issue.nodeId ? "body" : "meta.title"));
  showToast({ tone: "info", message: issue.message[getLang()] || issue.message.fr });
}

function goToBloc(workspace: Workspace, n: number): boolean {
  const { doc, ui } = workspace;
  const entry = outlineSource(doc).get().blocs[n - 1];
  if (!entry) return false;
  ui.update({ view: { name: "bloc", id: entry.bloc.id }, item: null });
  requestAnimationFrame(() => document.getElementById("centre")?.focus());
  return true;
}

function focusRegion(ui: Store<UiState>, region: Region): void {
  if (region === "panel") {
    openPanel(ui, ui.get().panel);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('.side [role="tab"][aria-selected="true"]')?.focus(),
    );
    return;
  }
  if (region === "outline") {
    const entry =
      document.querySelector<HTMLElement>('.outline [data-roving][tabindex="0"]') ??
      document.querySelector<HTMLElement>(".outline [data-roving]");
    entry?.focus();
    return;
  }
  const item = ui.get().item;
  const field = item
    ? document.querySelector<HTMLElement>(
        `#centre [data-node="${item}"] [role="textbox"], #centre [data-node="${item}"] textarea`,
      )
    : null;
  (field ?? document.getElementById("centre"))?.focus();
}

function regionOf(element: Element | null): Region | null {
  if (element?.closest(".outline")) return "outline";
  if (element?.closest("#centre")) return "centre";
  if (element?.closest(".side")) return "panel";
  return null;
}

function cycleRegion(ui: Store<UiState>, step: 1 | -1): void {
  const current = regionOf(document.activeElement);
  const index = current ? REGIONS.indexOf(current) : -1;
  const next = REGIONS[(index + step + REGIONS.length) % REGIONS.length] as Region;
  focusRegion(ui, next);
}

const ITEM_KINDS: NodeKind[] = ["activity", "competency", "modality", "criterion"];

/**
 * Adds an item in the column where the keyboard is (after the focused item, in its bloc), or a
 * competency at the end of the bloc shown; the new item's main field takes the focus.
 */
function addInCurrentColumn(workspace: Workspace, target: HTMLElement | null): boolean {
  const { collab, doc, ui, can } = workspace;
  if (!can.edit) return false;
  const outline = outlineSource(doc).get();
  const here = target?.closest<HTMLElement>("[data-node]")?.dataset.node;
  const node = here ? outline.byId.get(here) : undefined;
  const view = ui.get().view;
  let kind: NodeKind = "competency";
  let parent: string | null = view.name === "bloc" ? view.id : null;
  let index: number | undefined;
  if (node && ITEM_KINDS.includes(node.kind)) {
    kind = node.kind;
    parent = node.parent;
    const entry = outline.blocs.find((b) => b.bloc.id === node.parent);
    const list = entry
      ? {
          activity: entry.activities,
          competency: entry.competencies,
          modality: entry.modalities,
          criterion: entry.criteria,
        }[node.kind as Exclude<NodeKind, "bloc">]
      : outline.transversal;
    index = list.findIndex((n) => n.id === node.id) + 1;
  } else if (view.name === "transversal") {
    kind = "modality";
    parent = null;
  } else if (view.name !== "bloc") {
    return false;
  }
  const id = addItem(collab, kind, parent, index);
  if (parent) ui.update({ view: { name: "bloc", id: parent } });
  requestFocus(ui, id, kind === "activity" || kind === "modality" ? "title" : "body");
  return true;
}
