import { type NodeKind, nodesMap } from "@refstudio/schema";
import type { Editor, JSONContent } from "@tiptap/core";
import { useEffect } from "react";
import type * as Y from "yjs";
import { useWorkspace } from "../app/workspace.ts";
import { writerName } from "../collab/writers.ts";
import { startKeyBuffer } from "../richtext/keyBuffer.ts";
import { liveEditor } from "../richtext/liveEditors.ts";
import { outlineSource } from "./useOutline.ts";

/**
 * What I was typing in an item someone deleted: kept on the page (with its caret) so I can go on
 * typing, copy it, or restore the item. No keystroke reaches a deleted field.
 */
export type KeptDraft = {
  id: string;
  kind: NodeKind;
  parent: string | null;
  code: string;
  title: string;
  body: JSONContent;
  caret: number;
  by: string | null;
  /** The editor that was typing, read again when the draft opens (keys typed meanwhile count). */
  editor: Editor | null;
};

/** A value a deleted Y.Map held, read before Yjs collects it (within the deleting transaction). */
function heldValue(map: Y.Map<unknown>, key: string): unknown {
  const item = (
    map as unknown as { _map: Map<string, { content: { getContent: () => unknown[] } }> }
  )._map.get(key);
  return item?.content.getContent()[0];
}

/** Watches deletions from others of the item that has my focus, and keeps what I typed in it. */
export function useKeepOnDelete(): void {
  const { doc, collab, ui } = useWorkspace();
  useEffect(() => {
    const nodes = nodesMap(doc);
    const onChange = (event: Y.YMapEvent<Y.Map<unknown>>) => {
      if (event.transaction.local) return;
      const card = document.activeElement?.closest<HTMLElement>("[data-node]");
      const id = card?.dataset.node;
      if (!id) return;
      const change = event.changes.keys.get(id);
      if (change?.action !== "delete" || !change.oldValue) return;
      const old = change.oldValue as Y.Map<unknown>;
      const editor = liveEditor(id, "body") ?? null;
      const title = card?.querySelector<HTMLTextAreaElement>("textarea.card__title")?.value ?? "";
      const draft: KeptDraft = {
        id,
        kind: heldValue(old, "kind") as NodeKind,
        parent: (heldValue(old, "parent") as string | null) ?? null,
        code: card?.querySelector(".card__code")?.textContent?.trim() ?? "",
        title,
        body: editor?.getJSON() ?? { type: "doc", content: [] },
        caret: editor?.state.selection.from ?? 0,
        by: writerName(collab.awareness, event.transaction),
        editor,
      };
      // Keys typed before the kept text takes the focus are held, then typed into it.
      startKeyBuffer();
      ui.update({ kept: [...ui.get().kept.filter((d) => d.id !== id), draft] });
    };
    nodes.observe(onChange);
    return () => nodes.unobserve(onChange);
  }, [doc, collab, ui]);
}

/** Where a restored item goes: its bloc if it still exists, else the bloc shown, else (a modality) transversal. */
export function restoreParent(
  doc: Y.Doc,
  draft: KeptDraft,
  shownBloc: string | null,
): string | null | undefined {
  const outline = outlineSource(doc).get();
  const isBloc = (id: string | null) => id !== null && outline.blocs.some((b) => b.bloc.id === id);
  if (isBloc(draft.parent)) return draft.parent;
  if (isBloc(shownBloc)) return shownBloc;
  if (draft.kind === "modality") return null;
  return outline.blocs[0]?.bloc.id;
}
