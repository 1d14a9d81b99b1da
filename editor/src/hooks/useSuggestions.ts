import {
  nodesMap,
  readSuggestion,
  readSuggestions,
  SUGGESTION_KEYS,
  type Suggestion,
  suggestionsMap,
} from "@refstudio/schema";
import type * as Y from "yjs";
import { colorFor } from "../collab/colors.ts";
import type { TrackedChange } from "../richtext/trackedChanges.ts";
import { useYjs } from "./useYjs.ts";

/**
 * Suggested edits. Their ranges follow the text and their « outdated » state is read from it,
 * so the list is re-read when suggestions change and, throttled, when text changes.
 */
export function subscribeSuggestions(doc: Y.Doc, onChange: () => void): () => void {
  const suggestions = suggestionsMap(doc);
  const nodes = nodesMap(doc);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onText = () => {
    if (suggestions.size === 0 || timer) return;
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, 300);
  };
  suggestions.observeDeep(onChange);
  nodes.observeDeep(onText);
  return () => {
    if (timer) clearTimeout(timer);
    suggestions.unobserveDeep(onChange);
    nodes.unobserveDeep(onText);
  };
}

export function useSuggestions(doc: Y.Doc): Suggestion[] {
  return useYjs(
    doc,
    (onChange) => subscribeSuggestions(doc, onChange),
    () => readSuggestions(doc),
    [],
  );
}

/** The open suggestions of one field that still apply, as tracked changes to show in it. */
export function trackedChangesOf(
  doc: Y.Doc,
  nodeId: string,
  field: "title" | "body",
  active: string | null,
  nameOf: (userId: string) => string,
  labels: { inserted: (name: string) => string; deleted: (name: string) => string },
): TrackedChange[] {
  const changes: TrackedChange[] = [];
  for (const [id, map] of suggestionsMap(doc).entries()) {
    const stored = map.get(SUGGESTION_KEYS.anchor) as { node?: string; field?: string } | undefined;
    if (stored?.node !== nodeId || stored.field !== field) continue;
    const suggestion = readSuggestion(doc, id);
    const range = suggestion?.anchor.range;
    if (!suggestion || !range || suggestion.status !== "open" || suggestion.outdated) continue;
    const name = nameOf(suggestion.author);
    changes.push({
      id,
      ...range,
      text: suggestion.text,
      color: colorFor(suggestion.author),
      label: suggestion.text ? labels.inserted(name) : labels.deleted(name),
      active: id === active,
    });
  }
  return changes;
}

/** Calls `onChange` when a suggestion about this node is made, changed or removed. */
export function subscribeNodeSuggestions(doc: Y.Doc, nodeId: string, onChange: () => void): () => void {
  const suggestions = suggestionsMap(doc);
  const onDeep = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const touches = events.some((event) => {
      if (event.target === suggestions) return true;
      let type: Y.AbstractType<unknown> | null = event.target;
      while (type && type.parent !== suggestions) type = type.parent as Y.AbstractType<unknown> | null;
      const anchor = (type as Y.Map<unknown> | null)?.get(SUGGESTION_KEYS.anchor) as
        | { node?: string }
        | undefined;
      return anchor?.node === nodeId;
    });
    if (touches) onChange();
  };
  suggestions.observeDeep(onDeep);
  return () => suggestions.unobserveDeep(onDeep);
}
