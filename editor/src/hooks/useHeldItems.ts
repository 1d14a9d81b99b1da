import { type BlocOutline, nodeMap, type Outline } from "@refstudio/schema";
import { useMemo, useRef, useState } from "react";
import { useWorkspace } from "../app/workspace.ts";
import { lastWriterOfKey } from "../collab/writers.ts";

const LISTS = ["activities", "competencies", "modalities", "criteria"] as const;
type ListName = (typeof LISTS)[number];

/** An item moved to another bloc while I was in it: kept where it was, with who moved it. */
export type MovedAway = { to: string | null; by: string | null; release: () => void };

type Held = { list: ListName; index: number; by: string | null };

/** The id of the item that has the keyboard focus, if any. */
function focusedItem(): string | null {
  return (document.activeElement?.closest("[data-node]") as HTMLElement | null)?.dataset.node ?? null;
}

/**
 * The items a bloc shows, column by column. An item that someone moves to another bloc while I am
 * typing in it stays where it was (its editor, my caret and what I type with it: it is the same
 * node) until I follow it or dismiss the notice, instead of vanishing under my keystrokes.
 */
export function useHeldItems(
  entry: BlocOutline,
  outline: Outline,
): { lists: Record<ListName, string[]>; held: Map<string, MovedAway> } {
  const { collab, doc } = useWorkspace();
  const previous = useRef<Record<ListName, string[]> | null>(null);
  const heldRef = useRef(new Map<string, Held>());
  const [released, setReleased] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `released` re-runs after a notice is dismissed
  return useMemo(() => {
    const holding = heldRef.current;
    const focused = focusedItem();
    const lists = {} as Record<ListName, string[]>;
    for (const list of LISTS) {
      const current = entry[list].map((node) => node.id);
      const present = new Set(current);
      for (const id of present) holding.delete(id);
      (previous.current?.[list] ?? []).forEach((id, index) => {
        if (present.has(id) || !outline.byId.has(id)) {
          if (!outline.byId.has(id)) holding.delete(id);
          return;
        }
        if (holding.has(id) || id === focused) {
          const map = nodeMap(doc, id);
          const by = holding.get(id)?.by ?? (map ? lastWriterOfKey(collab.awareness, map, "parent") : null);
          holding.set(id, { list, index, by });
        }
      });
      const composed = [...current];
      for (const [id, held] of holding) {
        if (held.list === list) composed.splice(Math.min(held.index, composed.length), 0, id);
      }
      lists[list] = composed;
    }
    previous.current = lists;
    const held = new Map<string, MovedAway>();
    for (const [id, item] of holding) {
      held.set(id, {
        to: outline.byId.get(id)?.parent ?? null,
        by: item.by,
        release: () => {
          holding.delete(id);
          setReleased((n) => n + 1);
        },
      });
    }
    return { lists, held };
  }, [entry, outline, collab, doc, released]);
}
