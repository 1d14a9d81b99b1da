import type * as Y from "yjs";

/** Test helper: runs `fn` and returns the origin of every transaction it made. */
export function transactionsOf(doc: Y.Doc, fn: () => void): unknown[] {
  const origins: unknown[] = [];
  const listener = (tr: Y.Transaction) => origins.push(tr.origin);
  doc.on("afterTransaction", listener);
  try {
    fn();
  } finally {
    doc.off("afterTransaction", listener);
  }
  return origins;
}
