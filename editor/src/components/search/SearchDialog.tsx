import type { Outline } from "@refstudio/schema";
import { memo, useCallback, useDeferredValue, useId, useMemo, useState, useSyncExternalStore } from "react";
import { jumpTo, openPanel, reveal, useUi, useWorkspace } from "../../app/workspace.ts";
import { sharedSource } from "../../collab/shared.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { type MessageKey, type Translate, useI18n } from "../../i18n/i18n.ts";
import { buildSearchIndex, type SearchHit, searchIndex, watchSearchable } from "../../search/searchIndex.ts";
import { Dialog } from "../ui/Dialog.tsx";
import "./search.css";

/** How many results the list shows (the first ones, in document order). */
const SHOWN = 30;

const FIELD_LABELS: Record<string, MessageKey> = {
  title: "search.field.title",
  body: "search.field.body",
  prerequis: "search.field.prerequis",
  duration: "search.field.duration",
  comment: "search.field.comment",
  code: "search.field.code",
};

/**
 * Search (Ctrl+F): every field, the fiche, comments and codes. Results list their code and bloc;
 * arrows move, Enter opens the item with the match selected, Escape closes.
 */
export function SearchDialog() {
  const open = useUi((state) => state.searchOpen);
  const { ui } = useWorkspace();
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t("search.title")} onClose={() => ui.update({ searchOpen: false })}>
      {open && <SearchBox />}
    </Dialog>
  );
}

function SearchBox() {
  const { doc, ui } = useWorkspace();
  const { t } = useI18n();
  const outline = useOutline(doc);
  const source = sharedSource(
    doc,
    "search",
    (changed) => watchSearchable(doc, changed),
    () => buildSearchIndex(doc),
  );
  const index = useSyncExternalStore(source.subscribe, source.get);
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const all = useMemo(
    () => searchIndex(index, outline, deferred, Number.POSITIVE_INFINITY),
    [index, outline, deferred],
  );
  const hits = all.length > SHOWN ? all.slice(0, SHOWN) : all;
  const [active, setActive] = useState(0);
  const listId = useId();
  const current = Math.min(active, Math.max(0, hits.length - 1));

  const choose = useCallback(
    (hit: SearchHit) => {
      const { nodeId, field, threadId } = hit.entry;
      ui.update({ searchOpen: false });
      if (threadId) {
        openPanel(ui, "comments", { activeThread: threadId });
        if (nodeId && outline.byId.has(nodeId)) reveal(ui, outline, nodeId);
      } else if (nodeId === null) {
        jumpTo(ui, outline, null, field);
      } else if (hit.byCode) {
        jumpTo(ui, outline, nodeId, "body");
      } else {
        jumpTo(ui, outline, nodeId, field, { from: hit.from, to: hit.to });
      }
    },
    [ui, outline],
  );

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + hits.length) % Math.max(1, hits.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const hit = hits[current];
      if (hit) choose(hit);
    }
  };

  return (
    <div className="search">
      <input
        className="input search__input"
        type="search"
        role="combobox"
        aria-label={t("search.label")}
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={hits[current] ? `${listId}-${current}` : undefined}
        placeholder={t("search.placeholder")}
        value={query}
        // biome-ignore lint/a11y/noAutofocus: the dialog opens to type a query
        autoFocus
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="search__count muted" role="status">
        {!deferred.trim()
          ? t("search.hint")
          : all.length > SHOWN
            ? t("search.countFirst", { count: all.length, shown: SHOWN })
            : t("search.count", { count: all.length })}
      </p>
      <div
        className="search__results"
        id={listId}
        role="listbox"
        aria-label={t("search.results")}
        data-query={deferred}
      >
        {hits.map((hit, i) => (
          <HitRow
            key={hit.key}
            id={`${listId}-${i}`}
            hit={hit}
            selected={i === current}
            onChoose={choose}
            outline={outline}
            t={t}
          />
        ))}
      </div>
    </div>
  );
}

/** One result: its code, bloc and field, and the passage with the match marked. */
const HitRow = memo(function HitRow({
  id,
  hit,
  selected,
  onChoose,
  outline,
  t,
}: {
  id: string;
  hit: SearchHit;
  selected: boolean;
  onChoose: (hit: SearchHit) => void;
  outline: Outline;
  t: Translate;
}) {
  const { nodeId, field, text } = hit.entry;
  const node = nodeId ? outline.byId.get(nodeId) : undefined;
  const code = nodeId ? (outline.codes.get(nodeId) ?? "") : t("search.fiche");
  const bloc = node?.kind === "bloc" ? null : node?.parent ? outline.codes.get(node.parent) : null;
  const label = field.startsWith("meta.")
    ? t(`metaText.${field.slice(5)}` as MessageKey) || t("meta.title")
    : t(FIELD_LABELS[field] ?? "search.field.body");
  const start = Math.max(0, hit.from - 40);
  const end = Math.min(text.length, hit.to + 60);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keyboard (arrows, Enter)
    <div
      id={id}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      className={selected ? "search__hit is-active" : "search__hit"}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onChoose(hit)}
      ref={(el) => {
        if (selected) el?.scrollIntoView({ block: "nearest" });
      }}
    >
      <span className="search__where">
        <span className="mono search__code">{code}</span>
        {bloc && <span className="mono search__bloc">{bloc}</span>}
        <span className="search__field">{field === "meta.title" ? t("meta.title") : label}</span>
      </span>
      {!hit.byCode && (
        <span className="search__snippet">
          {start > 0 && "…"}
          {text.slice(start, hit.from)}
          <mark>{text.slice(hit.from, hit.to)}</mark>
          {text.slice(hit.to, end)}
          {end < text.length && "…"}
        </span>
      )}
    </div>
  );
});
