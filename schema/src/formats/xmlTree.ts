import { SaxesParser } from "saxes";

/**
 * A light XML element tree: what the RNCP reader builds for one fiche, and writes back as XML.
 * Comments and processing instructions are not kept; CDATA is kept as text.
 */

export type XmlElement = { name: string; attrs: Record<string, string>; children: (XmlElement | string)[] };

/** The element children of `parent`, all of them or those named `name`. */
export function childElements(parent: XmlElement | undefined, name?: string): XmlElement[] {
  return (parent?.children ?? []).filter(
    (child): child is XmlElement => typeof child !== "string" && (name === undefined || child.name === name),
  );
}

/** The text of the first child named `name`, "" when there is none. */
export function childText(parent: XmlElement | undefined, name: string): string {
  const child = childElements(parent, name)[0];
  return child ? flatText(child) : "";
}

/** Markup that certifiers leave inside a text field (unescaped HTML) breaks lines where HTML would. */
const LINE_BREAKS = /^(?:br|p|div|ul|ol|tr)$/i;

/** An element's text content; list items become « - » lines, HTML breaks become line breaks. */
export function flatText(element: XmlElement): string {
  let text = "";
  for (const child of element.children) {
    if (typeof child === "string") text += child;
    else {
      if (/^li$/i.test(child.name)) text += "\n- ";
      else if (LINE_BREAKS.test(child.name)) text += "\n";
      text += flatText(child);
    }
  }
  return text;
}

/** Text for an XML element: escaped, without the characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** The element as XML (its text escaped, attributes quoted); an empty element as `<NAME/>`. */
export function serializeXml(element: XmlElement): string {
  const attrs = Object.entries(element.attrs)
    .map(([key, value]) => ` ${key}="${escapeXml(value).replace(/"/g, "&quot;")}"`)
    .join("");
  if (element.children.length === 0) return `<${element.name}${attrs}/>`;
  const inner = element.children
    .map((child) => (typeof child === "string" ? escapeXml(child) : serializeXml(child)))
    .join("");
  return `<${element.name}${attrs}>${inner}</${element.name}>`;
}

/** Whether `xml` is exactly one well-formed element named `name` (what a kept flux element must be). */
export function isElementXml(xml: string, name: string): boolean {
  const parser = new SaxesParser({ fragment: true });
  let roots = 0;
  let depth = 0;
  let named = true;
  parser.on("opentag", (tag) => {
    if (depth === 0) {
      roots++;
      named &&= tag.name === name;
    }
    depth++;
  });
  parser.on("closetag", () => {
    depth--;
  });
  parser.on("text", (text) => {
    if (depth === 0 && text.trim()) named = false;
  });
  try {
    parser.write(xml).close();
  } catch {
    return false;
  }
  return roots === 1 && named && depth === 0;
}
