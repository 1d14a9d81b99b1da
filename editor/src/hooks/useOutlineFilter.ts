import type { NodeKind } from "@refstudio/schema";
import { useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { threadsSource } from "./useThreads.ts";
import { validatorOf } from "./useValidation.ts";

/** What the outline shows: every item, those with an error, or with an open comment; of one kind or all. */
export type OutlineFilter = { show: "all" | "errors" | "comments"; kind: NodeKind | "all" };
export const NO_FILTER: OutlineFilter = { show: "all", kind: "all" };

const none = () => () => undefined;
const nothing = () => null;

/**
 * The ids of the items that pass the filter (null: no filter on what is shown). Subscribes to
 * validation or comments only while such a filter is on, so the outline is not re-rendered on
 * every keystroke otherwise.
 */
export function useOutlineFilter(doc: Y.Doc, filter: OutlineFilter): Set<string> | null {
  const source = useMemo(() => {
    if (filter.show === "errors") {
      const validator = validatorOf(doc);
      let last: { report: unknown; ids: Set<string> } | null = null;
      return {
        subscribe: (onChange: () => void) => validator.subscribe(onChange),
        get: () => {
          const report = validator.report();
          if (last?.report !== report) {
            last = {
              report,
              ids: new Set(
                report.issues.flatMap((i) => (i.severity === "error" && i.nodeId ? [i.nodeId] : [])),
              ),
            };
          }
          return last.ids;
        },
      };
    }
    if (filter.show === "comments") {
      const threads = threadsSource(doc);
      let last: { list: unknown; ids: Set<string> } | null = null;
      return {
        subscribe: threads.subscribe,
        get: () => {
          const list = threads.get();
          if (last?.list === list) return last.ids;
          const ids = new Set(
            list.filter((thread) => thread.status === "open").map((thread) => thread.anchor.node),
          );
          last = { list, ids };
          return ids;
        },
      };
    }
    return { subscribe: none, get: nothing };
  }, [doc, filter.show]);
  return useSyncExternalStore(source.subscribe, source.get);
}
