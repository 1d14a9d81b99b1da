import { fragmentToRich, richToPlain } from "@refstudio/schema";
import type * as Y from "yjs";
import { useYjs } from "./useYjs.ts";

/** The plain text of a rich-text field, for its static preview before its editor is mounted. */
export function useFragmentText(doc: Y.Doc, fragment: Y.XmlFragment): string {
  return useYjs(
    doc,
    (onChange) => {
      fragment.observeDeep(onChange);
      return () => fragment.unobserveDeep(onChange);
    },
    () => richToPlain(fragmentToRich(fragment)),
    [fragment],
  );
}
