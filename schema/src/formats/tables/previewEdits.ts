import { type ImportPreview, type ItemKind, LINK_TARGET, type PreviewItem } from "./previewModel.ts";

/**
 * The corrections a user makes on an import preview, as pure functions (preview in, new
 * preview out): the screen keeps them in its state, so undo is keeping the previous value.
 * Links stay consistent: an item that changes kind or disappears takes its links with it.
 */

type Edit<A extends unknown[]> = (preview: ImportPreview, ...args: A) => ImportPreview;

const withItems = (preview: ImportPreview, items: PreviewItem[]): ImportPreview => {
  const kinds = new Map(items.map((i) => [i.id, i.kind]));
  const cleaned = items.map((item) => {
    const target = LINK_TARGET[item.kind];
    const links = item.links.filter((l) => target !== null && kinds.get(l) === target);
    return links.length === item.links.length ? item : { ...item, links };
  });
  return { ...preview, items: cleaned };
};

const nextId = (preview: ImportPreview, prefix: string) => {
  let n = preview.items.length + preview.unclassified.length + 1;
  const taken = new Set([...preview.items.map((i) => i.id), ...preview.unclassified.map((u) => u.id)]);
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
};

/** A competency or criterion is one statement: its title joins its lines when it leaves a titled kind. */
function reshape(item: PreviewItem, kind: ItemKind): PreviewItem {
  const titled = kind === "activity" || kind === "modality";
  if (titled && !item.title && item.lines.length > 0) {
    const [first = "", ...rest] = item.lines;
    return { ...item, kind, title: first, lines: rest };
  }
  if (!titled && item.title) return { ...item, kind, title: "", lines: [item.title, ...item.lines] };
  return { ...item, kind };
}

export const setItemKind: Edit<[string, ItemKind]> = (preview, id, kind) => {
  const firstBloc = preview.blocs[0]?.id ?? null;
  return withItems(
    preview,
    preview.items.map((item) => {
      if (item.id !== id || item.kind === kind) return item;
      const moved = reshape(
        { ...item, links: [], modalityType: kind === "modality" ? item.modalityType : null },
        kind,
      );
      return kind !== "modality" && moved.bloc === null ? { ...moved, bloc: firstBloc } : moved;
    }),
  );
};

/** Moves an item to another bloc (`null`: a transversal modality), at the end of that bloc's items. */
export const setItemBloc: Edit<[string, string | null]> = (preview, id, bloc) => {
  const item = preview.items.find((i) => i.id === id);
  if (!item || (bloc === null && item.kind !== "modality")) return preview;
  const others = preview.items.filter((i) => i.id !== id);
  return withItems(preview, [...others, { ...item, bloc }]);
};

/** Merges `second` into `first` (same kind): text appended, links and flags joined, links to `second` moved to `first`. */
export const mergeItems: Edit<[string, string]> = (preview, first, second) => {
  const a = preview.items.find((i) => i.id === first);
  const b = preview.items.find((i) => i.id === second);
  if (!a || !b || a === b || a.kind !== b.kind) return preview;
  const merged: PreviewItem = {
    ...a,
    lines: [...a.lines, ...(b.title ? [b.title] : []), ...b.lines],
    links: [...new Set([...a.links, ...b.links])],
    flags: [...new Set([...a.flags, ...b.flags])],
  };
  return withItems(
    preview,
    preview.items
      .filter((i) => i.id !== second)
      .map((i) => {
        if (i.id === first) return merged;
        return i.links.includes(second)
          ? { ...i, links: [...new Set(i.links.map((l) => (l === second ? first : l)))] }
          : i;
      }),
  );
};

/**
 * Splits an item before its line `at` (the title counts as line 0 when there is one), or, with
 * `offset`, inside that line: the second part becomes a new item of the same kind just after.
 */
export const splitItem: Edit<[string, number, number?]> = (preview, id, at, offset) => {
  const index = preview.items.findIndex((i) => i.id === id);
  const item = preview.items[index];
  if (!item) return preview;
  const all = item.title ? [item.title, ...item.lines] : [...item.lines];
  const parts = [...all.slice(0, at)];
  let rest = all.slice(at);
  if (offset !== undefined && all[at] !== undefined) {
    const text = all[at]!;
    parts.push(text.slice(0, offset).trim());
    rest = [text.slice(offset).trim(), ...all.slice(at + 1)];
  }
  const head = parts.filter((l) => l.length > 0);
  const tail = rest.filter((l) => l.length > 0);
  if (head.length === 0 || tail.length === 0) return preview;
  const titled = item.title.length > 0;
  const first: PreviewItem = titled
    ? { ...item, title: head[0]!, lines: head.slice(1) }
    : { ...item, lines: head };
  const second: PreviewItem = {
    ...item,
    id: nextId(preview, "i"),
    code: null,
    written: null,
    title: titled ? tail[0]! : "",
    lines: titled ? tail.slice(1) : tail,
    flags: [],
  };
  const items = [...preview.items];
  items.splice(index, 1, first, second);
  return withItems(preview, items);
};

export const setItemLinks: Edit<[string, string[]]> = (preview, id, links) =>
  withItems(
    preview,
    preview.items.map((i) => (i.id === id ? { ...i, links: [...new Set(links)] } : i)),
  );

export const setItemText: Edit<[string, { title?: string; lines?: string[] }]> = (preview, id, text) =>
  withItems(
    preview,
    preview.items.map((i) => (i.id === id ? { ...i, ...text } : i)),
  );

/** The user checked an item: its flags are cleared. */
export const acceptItem: Edit<[string]> = (preview, id) =>
  withItems(
    preview,
    preview.items.map((i) => (i.id === id ? { ...i, flags: [] } : i)),
  );

/** Text of the « Non classé » list becomes an item of `kind` at the end of `bloc`. */
export const classifyText: Edit<[string, ItemKind, string | null]> = (
  preview,
  unclassifiedId,
  kind,
  bloc,
) => {
  const entry = preview.unclassified.find((u) => u.id === unclassifiedId);
  if (!entry || (bloc === null && kind !== "modality")) return preview;
  const titled = kind === "activity" || kind === "modality";
  const item: PreviewItem = {
    id: nextId(preview, "i"),
    kind,
    bloc,
    code: null,
    written: null,
    title: titled ? entry.text : "",
    lines: titled ? [] : [entry.text],
    links: [],
    modalityType: null,
    flags: [],
    place: entry.place,
  };
  return {
    ...withItems(preview, [...preview.items, item]),
    unclassified: preview.unclassified.filter((u) => u.id !== unclassifiedId),
  };
};

/** An item the user does not want: its text goes to the « Non classé » list (never lost). */
export const unclassifyItem: Edit<[string]> = (preview, id) => {
  const item = preview.items.find((i) => i.id === id);
  if (!item) return preview;
  const text = [item.written ?? item.code ?? "", item.title, ...item.lines]
    .filter((t) => t.length > 0)
    .join(" ");
  const next = withItems(
    preview,
    preview.items.filter((i) => i.id !== id),
  );
  return {
    ...next,
    unclassified: [
      ...preview.unclassified,
      { id: nextId(preview, "u"), text, reason: "Écarté à la relecture", place: item.place },
    ],
  };
};

export const setBlocTitle: Edit<[string, string]> = (preview, id, title) => ({
  ...preview,
  blocs: preview.blocs.map((b) => (b.id === id ? { ...b, title } : b)),
});

export const setPreviewTitle: Edit<[string]> = (preview, title) => ({ ...preview, title });
