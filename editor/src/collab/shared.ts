import type * as Y from "yjs";

/**
 * A value derived from a document and shared by every component that shows it: computed at most
 * once per relevant change, however many components read it (the outline, the threads, the
 * search index). The source watches the document for as long as the document lives, so a reader
 * that subscribes late still gets a current value.
 */
export type SharedSource<T> = {
  subscribe: (listener: () => void) => () => void;
  get: () => T;
};

const sources = new WeakMap<Y.Doc, Map<string, SharedSource<unknown>>>();

/**
 * The source named `key` of `doc`, created on first use. `watch` calls its argument whenever the
 * value may have changed; `read` recomputes it (lazily, on the next `get`).
 */
export function sharedSource<T>(
  doc: Y.Doc,
  key: string,
  watch: (changed: () => void) => () => void,
  read: () => T,
): SharedSource<T> {
  let perDoc = sources.get(doc);
  if (!perDoc) {
    perDoc = new Map();
    sources.set(doc, perDoc);
  }
  const known = perDoc.get(key);
  if (known) return known as SharedSource<T>;

  const listeners = new Set<() => void>();
  let cached: { value: T } | null = null;
  const stop = watch(() => {
    cached = null;
    for (const listener of [...listeners]) listener();
  });
  doc.once("destroy", stop);
  const source: SharedSource<T> = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => {
      if (!cached) cached = { value: read() };
      return cached.value;
    },
  };
  perDoc.set(key, source as SharedSource<unknown>);
  return source;
}
