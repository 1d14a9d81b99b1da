import * as Y from "yjs";
import { compareReferentials, type NodeChange } from "./compare.ts";
import { LOCAL_ORIGIN, META_KEYS, metaMap, NODE_KEYS, nodeLinks, nodesMap } from "./layout.ts";
import { META_RICH_FIELDS, type Referential, type Renewal, type RichNode, type RichText } from "./model.ts";
import { readMeta, readNodes } from "./projection.ts";
import { writeRenewal } from "./renewal.ts";
import { fragmentToRich, insertRich, writeRich } from "./richtext.ts";
import { canonicalJson, writeNode, writeNodeLinks } from "./snapshot.ts";
import { spliceText } from "./text-diff.ts";

/**
 * Restoring an earlier state (a version): the document's meta and nodes become that state's, in
 * ONE transaction that writes only what differs — texts by their changed span, rich texts by the
 * changed paragraphs, nodes moved in place rather than copied — so that what others typed
 * meanwhile in untouched places merges in, and everyone receives one change. Comment threads are
 * discussion, not content: they are kept (a thread on a node the state lacks becomes orphaned).
 */
export function restoreReferential(doc: Y.Doc, target: Pick<Referential, "meta" | "nodes">): void {
  doc.transact(() => {
    const current = { meta: readMeta(doc), nodes: readNodes(doc) };
    const comparison = compareReferentials(current, target, { words: false });
    if (comparison.identical) return;
    const nodes = nodesMap(doc);
    for (const { ref } of comparison.removed) nodes.delete(ref.id);
    for (const { node } of comparison.added) writeNode(doc, node);
    for (const { node } of comparison.added) writeNodeLinks(doc, node);
    for (const change of comparison.changed) restoreNode(nodes.get(change.ref.id)!, change);
    const meta = metaMap(doc);
    for (const field of comparison.meta) {
      if ((META_RICH_FIELDS as readonly string[]).includes(field.field)) {
        const fragment = meta.get(field.field);
        if (fragment instanceof Y.XmlFragment) patchRich(fragment, field.after as RichText);
        else {
          const created = new Y.XmlFragment();
          meta.set(field.field, created);
          writeRich(created, field.after as RichText);
        }
      } else if (field.field === META_KEYS.renewal)
        writeRenewal(doc, (field.after as Renewal | undefined) ?? null);
      else if (field.after === undefined) meta.delete(field.field);
      else meta.set(field.field, field.after);
    }
  }, LOCAL_ORIGIN);
}

function restoreNode(map: Y.Map<unknown>, change: NodeChange): void {
  if (change.position) {
    map.set(NODE_KEYS.parent, change.position.parent);
    map.set(NODE_KEYS.order, change.position.order);
  }
  if (change.pinnedCode) {
    if (change.pinnedCode.after === null) map.delete(NODE_KEYS.code);
    else map.set(NODE_KEYS.code, change.pinnedCode.after);
  }
  for (const link of change.links) {
    let links = nodeLinks(map, link.name);
    if (!links) {
      const all = map.get(NODE_KEYS.links);
      if (!(all instanceof Y.Map)) continue;
      links = new Y.Map<true>();
      all.set(link.name, links);
    }
    for (const ref of link.removed) links.delete(ref.id);
    for (const ref of link.added) links.set(ref.id, true);
  }
  for (const field of change.fields) {
    const value = map.get(field.field);
    if (field.field === NODE_KEYS.body) {
      if (value instanceof Y.XmlFragment) patchRich(value, field.after as RichText);
      else {
        const body = new Y.XmlFragment();
        map.set(NODE_KEYS.body, body);
        writeRich(body, field.after as RichText);
      }
    } else if (field.field === NODE_KEYS.title || field.field === NODE_KEYS.prerequis) {
      if (value instanceof Y.Text) spliceText(value, field.after as string);
      else map.set(field.field, new Y.Text(field.after as string));
    } else map.set(field.field, field.after);
  }
}

const sameRich = (a: RichNode | undefined, b: RichNode | undefined) => canonicalJson(a) === canonicalJson(b);

/** A block holding only unformatted text (or nothing): its text can be spliced in place. */
function plainBlockText(node: RichNode): string | null {
  const content = node.content ?? [];
  if (content.length === 0) return "";
  if (content.length === 1 && content[0]?.type === "text" && !content[0].marks?.length)
    return content[0].text ?? "";
  return null;
}

/**
 * Turns a fragment into the given rich text touching only the blocks that differ; a block whose
 * type and attributes stay and whose text is unformatted on both sides is spliced in place.
 */
export function patchRich(fragment: Y.XmlFragment, rich: RichText): void {
  const children = fragment.toArray();
  // Text directly under the fragment (not written by the editor) maps to blocks unevenly: replace all.
  if (!children.every((child) => child instanceof Y.XmlElement)) {
    writeRich(fragment, rich);
    return;
  }
  const current = fragmentToRich(fragment);
  let start = 0;
  const shortest = Math.min(current.length, rich.length);
  while (start < shortest && sameRich(current[start], rich[start])) start++;
  let end = 0;
  while (end < shortest - start && sameRich(current[current.length - 1 - end], rich[rich.length - 1 - end]))
    end++;
  const before = current.slice(start, current.length - end);
  const after = rich.slice(start, rich.length - end);
  if (before.length === 0 && after.length === 0) return;
  if (
    before.length === after.length &&
    before.every((node, i) => spliceable(children[start + i], node, after[i]!))
  ) {
    for (const [i, node] of after.entries()) {
      spliceBlock(children[start + i] as Y.XmlElement, plainBlockText(node)!);
    }
    return;
  }
  fragment.delete(start, before.length);
  insertRich(fragment, start, after);
}

function spliceable(child: unknown, before: RichNode, after: RichNode): boolean {
  if (!(child instanceof Y.XmlElement) || before.type !== after.type) return false;
  if (canonicalJson(before.attrs ?? {}) !== canonicalJson(after.attrs ?? {})) return false;
  if (plainBlockText(before) === null || plainBlockText(after) === null) return false;
  return child.length === 0 || (child.length === 1 && child.get(0) instanceof Y.XmlText);
}

function spliceBlock(element: Y.XmlElement, text: string): void {
  let target = element.get(0);
  if (!(target instanceof Y.XmlText)) {
    target = new Y.XmlText();
    element.insert(0, [target]);
  }
  spliceText(target as Y.XmlText, text);
}
