import { type DependencyList, useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";

/**
 * The bridge between Yjs and React: a value read from the document, re-read only when the
 * given subscription fires. Each hook subscribes to the narrowest part of the document it
 * reads, so typing in one cell re-renders that cell only.
 */

const clocks = new WeakMap<Y.Doc, { n: number }>();

/** Counts the document's transactions: lets a hook notice a change between render and subscribe. */
function clockOf(doc: Y.Doc): { n: number } {
  let clock = clocks.get(doc);
  if (!clock) {
    const created = { n: 0 };
    doc.on("afterTransaction", () => {
      created.n += 1;
    });
    clocks.set(doc, created);
    clock = created;
  }
  return clock;
}

export function useYjs<T>(
  doc: Y.Doc,
  subscribe: (onChange: () => void) => () => void,
  read: () => T,
  deps: DependencyList,
): T {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what read/subscribe depend on
  const source = useMemo(() => {
    const clock = clockOf(doc);
    let version = 0;
    let cached: { version: number; at: number; value: T } | null = null;
    return {
      subscribe: (onStoreChange: () => void) => {
        const unsubscribe = subscribe(() => {
          version += 1;
          onStoreChange();
        });
        if (cached && cached.at !== clock.n) {
          version += 1;
          onStoreChange();
        }
        return unsubscribe;
      },
      get: (): T => {
        if (!cached || cached.version !== version) cached = { version, at: clock.n, value: read() };
        return cached.value;
      },
    };
  }, [doc, ...deps]);
  return useSyncExternalStore(source.subscribe, source.get);
}
