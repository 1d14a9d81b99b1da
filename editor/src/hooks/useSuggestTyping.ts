import { suggestTyping } from "@refstudio/schema";
import { useRef } from "react";
import { useWorkspace } from "../app/workspace.ts";
import { showToast } from "../components/ui/Toasts.tsx";
import type { TypedEdit } from "../richtext/suggestTyping.ts";

/**
 * « Suggérer » while typing in a field of a node: each keystroke becomes a suggestion of mine,
 * continuing the one I am typing. Returns where the caret goes (a plain-text offset), or null
 * when the keystroke was refused (a toast says why).
 */
export function useSuggestTyping(
  nodeId: string | null,
  field: "title" | "body",
): (edit: TypedEdit) => number | null {
  const { doc, user } = useWorkspace();
  const typing = useRef<string | null>(null);
  return ({ from, to, text, forward }) => {
    if (!nodeId) return null;
    try {
      const change = { node: nodeId, field, range: { from, to }, text, forward, author: user.id };
      const result = suggestTyping(doc, change, typing.current);
      typing.current = result.id;
      return result.caret;
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
      return null;
    }
  };
}
