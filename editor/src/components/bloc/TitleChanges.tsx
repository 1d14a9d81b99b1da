import { nodesMap, nodeTitle } from "@refstudio/schema";
import type { ReactNode } from "react";
import { openPanel, useUi, useWorkspace } from "../../app/workspace.ts";
import { usePeople } from "../../hooks/usePeople.ts";
import { subscribeNodeSuggestions, trackedChangesOf } from "../../hooks/useSuggestions.ts";
import { useYjs } from "../../hooks/useYjs.ts";
import { useI18n } from "../../i18n/i18n.ts";
import type { TrackedChange } from "../../richtext/trackedChanges.ts";
import "../../styles/review.css";

/**
 * The open suggestions on a title, as tracked changes. A title is a plain input, which cannot
 * show them inside, so they are shown right under it: the title with the proposed deletions
 * struck and the insertions underlined in their author's colour. Clicking one opens it.
 */
export function TitleChanges({ nodeId, text }: { nodeId: string; text: string }) {
  const { doc, ui } = useWorkspace();
  const active = useUi((state) => state.activeSuggestion);
  const nameOf = usePeople();
  const { t } = useI18n();
  const changes = useYjs(
    doc,
    (onChange) => {
      const unsubscribe = subscribeNodeSuggestions(doc, nodeId, onChange);
      // Their ranges and « outdated » follow the title's text.
      const map = nodesMap(doc).get(nodeId);
      const title = map ? nodeTitle(map) : null;
      title?.observe(onChange);
      return () => {
        unsubscribe();
        title?.unobserve(onChange);
      };
    },
    () =>
      trackedChangesOf(doc, nodeId, "title", active, nameOf, {
        inserted: (name) => t("suggest.inserted", { name }),
        deleted: (name) => t("suggest.deleted", { name }),
      }),
    [doc, nodeId, active, nameOf, t],
  );
  if (changes.length === 0) return null;

  const onClick = (event: React.MouseEvent) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>("[data-suggestion]")?.dataset.suggestion;
    if (id) openPanel(ui, "comments", { activeSuggestion: id });
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: suggestions are also reachable from the comments panel and with Alt+Shift+N
    <p className="title-changes" onClick={onClick}>
      <span className="sr-only">{t("suggest.titleChanges")} : </span>
      {segments(text, changes)}
    </p>
  );
}

/** The title cut into plain text and tracked changes (overlapping ones: the first only). */
function segments(text: string, changes: TrackedChange[]): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const change of [...changes].sort((a, b) => a.from - b.from || a.to - b.to)) {
    if (change.from < at) continue;
    if (change.from > at) out.push(text.slice(at, change.from));
    const style = { "--suggestion-color": change.color } as React.CSSProperties;
    const active = change.active ? " is-active" : "";
    if (change.to > change.from) {
      out.push(
        <del
          key={`${change.id}-del`}
          className={`suggestion-del${active}`}
          style={style}
          data-suggestion={change.id}
        >
          {text.slice(change.from, change.to)}
        </del>,
      );
    }
    if (change.text) {
      out.push(
        <ins
          key={`${change.id}-ins`}
          className={`suggestion-ins${active}`}
          style={style}
          data-suggestion={change.id}
          title={change.label}
        >
          {change.text}
        </ins>,
      );
    }
    at = change.to;
  }
  out.push(text.slice(at));
  return out;
}
