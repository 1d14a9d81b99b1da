import {
  type CommentThread,
  commentsMap,
  nodesMap,
  readThread,
  readThreads,
  THREAD_KEYS,
} from "@refstudio/schema";
import { useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { type SharedSource, sharedSource } from "../collab/shared.ts";
import type { HighlightRange } from "../richtext/commentHighlights.ts";
import { useYjs } from "./useYjs.ts";

/**
 * Comment threads. Their anchors follow the text, so the list is re-read when threads change
 * and, more cheaply throttled, when text changes (a range may shift or become orphaned).
 */
export function subscribeThreads(doc: Y.Doc, onChange: () => void): () => void {
  const comments = commentsMap(doc);
  const nodes = nodesMap(doc);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onText = () => {
    if (comments.size === 0 || timer) return;
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, 300);
  };
  comments.observeDeep(onChange);
  nodes.observeDeep(onText);
  return () => {
    if (timer) clearTimeout(timer);
    comments.unobserveDeep(onChange);
    nodes.unobserveDeep(onText);
  };
}

/** Every thread with its anchor resolved, read once per change for all the components that list them. */
export function threadsSource(doc: Y.Doc): SharedSource<CommentThread[]> {
  return sharedSource(
    doc,
    "threads",
    (changed) => subscribeThreads(doc, changed),
    () => readThreads(doc),
  );
}

export function useThreads(doc: Y.Doc): CommentThread[] {
  const source = threadsSource(doc);
  return useSyncExternalStore(source.subscribe, source.get);
}

/** How many open threads point at one node (the badge on its card), without resolving anchors. */
export function useOpenThreadCount(doc: Y.Doc, nodeId: string): number {
  const comments = commentsMap(doc);
  return useYjs(
    doc,
    (onChange) => {
      comments.observeDeep(onChange);
      return () => comments.unobserveDeep(onChange);
    },
    () => {
      let count = 0;
      for (const thread of comments.values()) {
        const anchor = thread.get(THREAD_KEYS.anchor) as { node?: string } | undefined;
        if (anchor?.node === nodeId && thread.get(THREAD_KEYS.status) !== "resolved") count += 1;
      }
      return count;
    },
    [nodeId],
  );
}

/** The open, still-anchored ranges commented in one field of one node (for highlighting). */
export function threadRanges(
  doc: Y.Doc,
  nodeId: string,
  field: "title" | "body",
  activeThread: string | null,
): HighlightRange[] {
  const ranges: HighlightRange[] = [];
  for (const [id, map] of commentsMap(doc).entries()) {
    const stored = map.get(THREAD_KEYS.anchor) as { node?: string; field?: string } | undefined;
    if (stored?.node !== nodeId || stored.field !== field) continue;
    const thread = readThread(doc, id);
    if (!thread?.anchor.range || thread.orphaned || thread.status !== "open") continue;
    ranges.push({ threadId: id, ...thread.anchor.range, active: id === activeThread });
  }
  return ranges;
}

/** Calls `onChange` when a thread about this node is added, changed or removed. */
export function subscribeNodeThreads(doc: Y.Doc, nodeId: string, onChange: () => void): () => void {
  const comments = commentsMap(doc);
  const onDeep = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const touches = events.some((event) => {
      if (event.target === comments) return true;
      let type: Y.AbstractType<unknown> | null = event.target;
      while (type && type.parent !== comments) type = type.parent as Y.AbstractType<unknown> | null;
      const anchor = (type as Y.Map<unknown> | null)?.get(THREAD_KEYS.anchor) as
        | { node?: string }
        | undefined;
      return anchor?.node === nodeId;
    });
    if (touches) onChange();
  };
  comments.observeDeep(onDeep);
  return () => comments.unobserveDeep(onDeep);
}
