import * as Y from "yjs";
import type { RichNode, RichText } from "./model.ts";

/**
 * Conversion between a rich-text field's Y.XmlFragment (as y-prosemirror / Tiptap store it:
 * elements named after node types, marks as text attributes) and ProseMirror-style JSON.
 */

type Marks = NonNullable<RichNode["marks"]>;

export function fragmentToRich(fragment: Y.XmlFragment | Y.XmlElement): RichText {
  const out: RichNode[] = [];
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement) out.push(elementToRich(child));
    else if (child instanceof Y.XmlText) out.push(...textToRich(child));
  }
  return out;
}

function elementToRich(el: Y.XmlElement): RichNode {
  const node: RichNode = { type: el.nodeName };
  const attrs = el.getAttributes() as Record<string, unknown>;
  if (Object.keys(attrs).length > 0) node.attrs = attrs;
  const content = fragmentToRich(el);
  if (content.length > 0) node.content = content;
  return node;
}

function textToRich(text: Y.XmlText): RichNode[] {
  const out: RichNode[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== "string" || op.insert.length === 0) continue;
    const node: RichNode = { type: "text", text: op.insert };
    const marks = attributesToMarks(op.attributes);
    if (marks.length > 0) node.marks = marks;
    out.push(node);
  }
  return out;
}

function attributesToMarks(attributes: Record<string, unknown> | undefined): Marks {
  if (!attributes) return [];
  return Object.keys(attributes)
    .sort()
    .map((type) => {
      const value = attributes[type];
      const attrs = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
      return Object.keys(attrs).length > 0 ? { type, attrs } : { type };
    });
}

/** Always an object: Y.Text.insert without attributes would inherit the preceding text's marks. */
function marksToAttributes(marks: Marks | undefined): Record<string, unknown> {
  return Object.fromEntries((marks ?? []).map((m) => [m.type, m.attrs ?? {}]));
}

/** Replaces the content of a fragment (or element) with the given rich text. Call inside a transaction. */
export function writeRich(target: Y.XmlFragment | Y.XmlElement, rich: RichText): void {
  if (target.length > 0) target.delete(0, target.length);
  insertRich(target, 0, rich);
}

/** Inserts rich text among a fragment's (or element's) children at `index`. Call inside a transaction. */
export function insertRich(target: Y.XmlFragment | Y.XmlElement, index: number, rich: RichText): void {
  let at = index;
  let pendingText: Y.XmlText | null = null;
  for (const node of rich) {
    if (node.type === "text") {
      if (!pendingText) {
        pendingText = new Y.XmlText();
        target.insert(at++, [pendingText]);
      }
      pendingText.insert(pendingText.length, node.text ?? "", marksToAttributes(node.marks));
      continue;
    }
    pendingText = null;
    const el = new Y.XmlElement(node.type);
    target.insert(at++, [el]);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      el.setAttribute(key, value as string);
    }
    insertRich(el, 0, node.content ?? []);
  }
}

/** Rich text from plain text: one paragraph per line, blank lines dropped. */
export function plainToRich(text: string): RichText {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: "paragraph", content: [{ type: "text", text: line }] }));
}

/** The plain text of rich text: one line per text block, blocks joined with "\n". */
export function richToPlain(rich: RichText): string {
  return richLines(rich).join("\n");
}

const isInline = (node: RichNode) =>
  (node.type === "text" && (node.text ?? "") !== "") || node.type === "hardBreak";
const inlineText = (node: RichNode) =>
  node.type === "hardBreak" ? "\n" : node.type === "text" ? (node.text ?? "") : "";

/** A paragraph, or any node holding text or hard breaks, is one line (the same rule as `textLeaves`). */
function richLines(nodes: RichText, parentType = ""): string[] {
  if (parentType === "paragraph" || nodes.some(isInline)) return [nodes.map(inlineText).join("")];
  return nodes.flatMap((node) => richLines(node.content ?? [], node.type));
}

/** The text leaves of a fragment in document order, each with its offset in `richToPlain`'s text. */
export function textLeaves(fragment: Y.XmlFragment): { text: Y.XmlText; start: number }[] {
  const leaves: { text: Y.XmlText; start: number }[] = [];
  let offset = 0;
  let firstBlock = true;
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    const children = parent.toArray();
    // Empty Y.XmlTexts are invisible in `fragmentToRich`, so they alone do not make a text block.
    const isTextBlock =
      (parent instanceof Y.XmlElement && parent.nodeName === "paragraph") ||
      children.some(
        (c) =>
          (c instanceof Y.XmlText && c.length > 0) ||
          (c instanceof Y.XmlElement && c.nodeName === "hardBreak"),
      );
    if (isTextBlock) {
      if (!firstBlock) offset += 1; // the "\n" between blocks
      firstBlock = false;
      for (const c of children) {
        if (c instanceof Y.XmlText) {
          leaves.push({ text: c, start: offset });
          offset += c.length;
        } else if (c instanceof Y.XmlElement && c.nodeName === "hardBreak") offset += 1;
      }
      return;
    }
    for (const c of children) if (c instanceof Y.XmlElement) visit(c);
  };
  visit(fragment);
  return leaves;
}
