import {
  commentsMap,
  fragmentToRich,
  META_RICH_FIELDS,
  metaMap,
  nodesMap,
  type Outline,
  readMeta,
  readThreads,
  richToPlain,
} from "@refstudio/schema";
import * as Y from "yjs";

/**
 * Full-text search over a référentiel: every field of every item, the fiche, comments and codes.
 * The index (each text once, normalised: lower case, no accents) is built lazily after a change
 * and shared; a query is a scan of it, well under a millisecond per thousand fields.
 */

/** Where a text lives: a field of an item, of the fiche (nodeId null), or a comment thread. */
export type SearchEntry = {
  nodeId: string | null;
  /** "title" | "body" | "prerequis" | "duration" | "meta.<field>" | "comment". */
  field: string;
  threadId: string | null;
  text: string;
  folded: string;
};

export type SearchHit = {
  key: string;
  entry: SearchEntry;
  /** Plain-text offsets of the match in `entry.text` (empty for a match on the code). */
  from: number;
  to: number;
  /** The code of the item (its own code matched when `byCode`). */
  byCode: boolean;
};

/** Lower case without accents, one output character per input character (offsets stay valid). */
export function fold(text: string): string {
  let out = "";
  for (const char of text) {
    // Characters outside the BMP (two code units) are kept as they are.
    out += char.length > 1 ? char : (char.toLowerCase().normalize("NFD")[0] ?? char);
  }
  return out;
}

function entry(nodeId: string | null, field: string, text: string, threadId: string | null = null) {
  return { nodeId, field, threadId, text, folded: fold(text) };
}

/** Every searchable text of the document. */
export function buildSearchIndex(doc: Y.Doc): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const meta = readMeta(doc);
  entries.push(entry(null, "meta.title", meta.title));
  for (const field of META_RICH_FIELDS) {
    const text = richToPlain(meta[field]);
    if (text) entries.push(entry(null, `meta.${field}`, text));
  }
  for (const [id, map] of nodesMap(doc).entries()) {
    const title = map.get("title");
    if (title instanceof Y.Text && title.length > 0) entries.push(entry(id, "title", title.toString()));
    const body = map.get("body");
    if (body instanceof Y.XmlFragment) {
      const text = richToPlain(fragmentToRich(body));
      if (text) entries.push(entry(id, "body", text));
    }
    const prerequis = map.get("prerequis");
    if (prerequis instanceof Y.Text && prerequis.length > 0)
      entries.push(entry(id, "prerequis", prerequis.toString()));
    const duration = map.get("duration");
    if (typeof duration === "string" && duration) entries.push(entry(id, "duration", duration));
  }
  if (commentsMap(doc).size > 0) {
    for (const thread of readThreads(doc)) {
      for (const message of thread.messages) {
        if (typeof message.body === "string" && message.body)
          entries.push(entry(thread.anchor.node, "comment", message.body, thread.id));
      }
    }
  }
  return entries;
}

/**
 * The hits of `query` (at most `limit`), in document order: an item whose code is the query
 * first, then matches in items (outline order), the fiche, comments.
 */
export function searchIndex(index: SearchEntry[], outline: Outline, query: string, limit = 50): SearchHit[] {
  const needle = fold(query.trim());
  if (!needle) return [];
  const hits: SearchHit[] = [];
  const codeNeedle = needle.replace(/\s+/g, "");
  for (const [id, code] of outline.codes) {
    if (fold(code) === codeNeedle) {
      hits.push({ key: `code:${id}`, entry: entry(id, "code", ""), from: 0, to: 0, byCode: true });
    }
  }
  for (const item of index) {
    const at = item.folded.indexOf(needle);
    if (at < 0) continue;
    hits.push({
      key: `${item.nodeId}:${item.field}:${item.threadId ?? ""}:${hits.length}`,
      entry: item,
      from: at,
      to: at + needle.length,
      byCode: false,
    });
  }
  const rank = new Map([...outline.codes.keys()].map((id, i) => [id, i]));
  const position = (hit: SearchHit) =>
    hit.byCode
      ? -1
      : hit.entry.nodeId === null
        ? -0.5
        : (rank.get(hit.entry.nodeId) ?? Number.MAX_SAFE_INTEGER) + (hit.entry.field === "comment" ? 0.5 : 0);
  return hits.sort((a, b) => position(a) - position(b)).slice(0, limit);
}

/** Any change of the document may change what a search finds. */
export function watchSearchable(doc: Y.Doc, changed: () => void): () => void {
  const roots = [nodesMap(doc), metaMap(doc), commentsMap(doc)];
  for (const root of roots) root.observeDeep(changed);
  return () => {
    for (const root of roots) root.unobserveDeep(changed);
  };
}
