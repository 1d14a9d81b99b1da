import { type Node, nodesMap, readNode, richToPlain } from "@refstudio/schema";
import type * as Y from "yjs";
import { useYjs } from "./useYjs.ts";

/** Calls `onChange` when anything inside one node changes, or when the node appears or goes. */
export function subscribeNode(doc: Y.Doc, id: string, onChange: () => void): () => void {
  const nodes = nodesMap(doc);
  let current: Y.Map<unknown> | undefined;
  const onDeep = () => onChange();
  const attach = () => {
    const next = nodes.get(id);
    if (next === current) return false;
    current?.unobserveDeep(onDeep);
    current = next;
    current?.observeDeep(onDeep);
    return true;
  };
  const onNodes = (event: Y.YMapEvent<Y.Map<unknown>>) => {
    if (event.keysChanged.has(id) && attach()) onChange();
  };
  attach();
  nodes.observe(onNodes);
  return () => {
    nodes.unobserve(onNodes);
    current?.unobserveDeep(onDeep);
  };
}

/** One node as plain JSON; re-renders only when that node's Y.Map changes. */
export function useNode(doc: Y.Doc, id: string): Node | undefined {
  return useYjs(
    doc,
    (onChange) => subscribeNode(doc, id, onChange),
    () => readNode(doc, id),
    [id],
  );
}

/** The short text that names a node: its title, or the first line of its body. */
export function nodeLabel(node: Node): string {
  const title = node.title.trim();
  if (title) return title;
  return richToPlain(node.body).split("\n")[0]?.trim() ?? "";
}

/** A node's label, for lists (outline, link pickers) that must not re-render as a whole on a keystroke. */
export function useNodeLabel(doc: Y.Doc, id: string): string {
  return useYjs(
    doc,
    (onChange) => subscribeNode(doc, id, onChange),
    () => {
      const node = readNode(doc, id);
      return node ? nodeLabel(node) : "";
    },
    [id],
  );
}
