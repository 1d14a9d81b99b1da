import { META_KEYS, metaMap, type Renewal, readRenewal } from "@refstudio/schema";
import * as Y from "yjs";
import { useYjs } from "./useYjs.ts";

/**
 * The correspondence table of a renewal: re-read when the table is set or cleared, and when any of
 * its rows changes (each row is its own Y.Map, edited field by field).
 */
export function useRenewal(doc: Y.Doc): Renewal | undefined {
  const meta = metaMap(doc);
  return useYjs(
    doc,
    (onChange) => {
      let table: Y.Map<unknown> | null = null;
      const watch = () => {
        const current = meta.get(META_KEYS.renewal);
        const next = current instanceof Y.Map ? current : null;
        if (next === table) return;
        table?.unobserveDeep(onChange);
        table = next;
        table?.observeDeep(onChange);
      };
      const onMeta = (event: Y.YMapEvent<unknown>) => {
        if (!event.keysChanged.has(META_KEYS.renewal)) return;
        watch();
        onChange();
      };
      watch();
      meta.observe(onMeta);
      return () => {
        meta.unobserve(onMeta);
        table?.unobserveDeep(onChange);
      };
    },
    () => readRenewal(doc),
    [],
  );
}
