import { useEffect } from "react";
import { type FocusTarget, focusDone, useUi, useWorkspace } from "../app/workspace.ts";

/**
 * Takes the keyboard focus when the page asks for this field (e.g. a click on a validation
 * issue). `focus` returns false while it cannot yet (an editor still mounting): the request
 * stays pending and is retried on the next render.
 */
export function useFocusRequest(matches: (target: FocusTarget) => boolean, focus: () => boolean): boolean {
  const { ui } = useWorkspace();
  const target = useUi((state) => state.focus);
  const wanted = target !== null && matches(target);
  useEffect(() => {
    if (!target || !wanted) return;
    if (focus()) focusDone(ui, target);
  });
  return wanted;
}

/** The field of a node that should take a focus request (unknown fields fall back to the main one). */
export function fieldFor(kind: string, requested: string): string {
  if (requested.startsWith("links")) return "links";
  if (requested === "menu") return "menu"; // the item's actions button (ItemCard), not a field
  const fields: Record<string, string[]> = {
    bloc: ["title", "prerequisEntree", "prerequis"],
    activity: ["title", "body"],
    competency: ["body"],
    modality: ["title", "body", "modalityType", "grouping", "duration"],
    criterion: ["body"],
  };
  const known = fields[kind] ?? ["body"];
  return known.includes(requested) ? requested : (known[0] ?? "body");
}

/** Whether a focus request is for this field: a node's field (by kind), or a meta field by name. */
export function isFocusFor(
  target: FocusTarget,
  nodeId: string | null,
  kind: string | null,
  field: string,
): boolean {
  if (target.nodeId !== nodeId) return false;
  return kind ? fieldFor(kind, target.field) === field : target.field === field;
}
