import { type Meta, metaMap, readMeta } from "@refstudio/schema";
import type * as Y from "yjs";
import { useYjs } from "./useYjs.ts";

/** The référentiel's scalar metadata; re-renders when a meta field is set (not on rich-text keystrokes). */
export function useMeta(doc: Y.Doc): Meta {
  const meta = metaMap(doc);
  return useYjs(
    doc,
    (onChange) => {
      meta.observe(onChange);
      return () => meta.unobserve(onChange);
    },
    () => readMeta(doc),
    [],
  );
}
