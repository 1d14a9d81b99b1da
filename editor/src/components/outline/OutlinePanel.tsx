import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { type KeyboardEvent, useLayoutEffect, useRef, useState } from "react";
import { addItem, applyDrop, type DropData, moveToBloc } from "../../app/nodeActions.ts";
import { requestFocus, useUi, useWorkspace, type View } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { NO_FILTER, type OutlineFilter, useOutlineFilter } from "../../hooks/useOutlineFilter.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";
import { Icon, type IconName } from "../ui/Icon.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { OutlineBloc, OutlineItem } from "./OutlineItem.tsx";
import "./outline-nav.css";

/**
 * One tab stop for the whole outline (roving tabindex): the entry last focused, else the one of
 * the view shown. ↑/↓ move between entries, → opens a bloc (or goes to its first item), ← goes
 * back to the bloc (or closes it), Home/End jump to the ends.
 */
function useRovingOutline(nav: React.RefObject<HTMLElement | null>, fallbackId: string | null) {
  const active = useRef<string | null>(null);
  useLayoutEffect(() => {
    const entries = [...(nav.current?.querySelectorAll<HTMLElement>("[data-roving]") ?? [])];
    const keys = entries.map((e) => e.dataset.roving);
    const current =
      (active.current && keys.includes(active.current) ? active.current : null) ??
      (fallbackId && keys.includes(fallbackId) ? fallbackId : keys[0]);
    for (const entry of entries) entry.tabIndex = entry.dataset.roving === current ? 0 : -1;
  });
  const onFocus = (event: React.FocusEvent) => {
    const key = (event.target as HTMLElement).dataset.roving;
    if (!key) return;
    active.current = key;
    for (const entry of nav.current?.querySelectorAll<HTMLElement>("[data-roving]") ?? []) {
      entry.tabIndex = entry.dataset.roving === key ? 0 : -1;
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (!target.dataset.roving || event.altKey || event.ctrlKey || event.metaKey) return;
    const entries = [...(nav.current?.querySelectorAll<HTMLElement>("[data-roving]") ?? [])];
    const index = entries.indexOf(target);
    const go = (element: HTMLElement | undefined) => {
      if (!element) return;
      event.preventDefault();
      element.focus();
    };
    const isBloc = target.dataset.kind === "bloc";
    const expanded = target.getAttribute("aria-expanded") === "true";
    const toggle = () => target.parentElement?.querySelector<HTMLButtonElement>(".outline__toggle")?.click();
    switch (event.key) {
      case "ArrowDown":
        return go(entries[index + 1]);
      case "ArrowUp":
        return go(entries[index - 1]);
      case "Home":
        return go(entries[0]);
      case "End":
        return go(entries[entries.length - 1]);
      case "ArrowRight":
        if (isBloc && !expanded) {
          event.preventDefault();
          toggle();
        } else if (isBloc) go(entries[index + 1]);
        return;
      case "ArrowLeft":
        if (isBloc && expanded) {
          event.preventDefault();
          toggle();
        } else if (target.dataset.parent) {
          go(entries.find((e) => e.dataset.roving === target.dataset.parent));
        }
        return;
    }
  };
  return { onFocus, onKeyDown };
}

/**
 * The outline: the fiche, the coverage matrix, the blocs with their items and codes, the
 * transversal modalities and orphans. Items are reordered and moved by drag and drop or from
 * the keyboard (Alt+↑/↓ within a list, Alt+Shift+↑/↓ to the previous/next bloc).
 */
export function OutlinePanel() {
  const { collab, doc, can, ui } = useWorkspace();
  const outline = useOutline(doc);
  const view = useUi((state) => state.view);
  const item = useUi((state) => state.item);
  const { t } = useI18n();
  const [filter, setFilter] = useState<OutlineFilter>(NO_FILTER);
  const visible = useOutlineFilter(doc, filter);
  const nav = useRef<HTMLElement>(null);
  const fallback = item ?? (view.name === "bloc" ? view.id : `view:${view.name}`);
  const roving = useRovingOutline(nav, fallback);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const code = (id: string | number) => outline.codes.get(String(id)) ?? "";
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("dnd.start", { code: code(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t("dnd.over", { code: code(active.id), target: code(over.id) })
        : t("dnd.outside", { code: code(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t("dnd.end", { code: code(active.id), target: code(over.id) })
        : t("dnd.cancel", { code: code(active.id) }),
    onDragCancel: ({ active }) => t("dnd.cancel", { code: code(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    try {
      applyDrop(
        outline,
        String(active.id),
        String(over.id),
        over.data.current as DropData | undefined,
        (id, parent, index) => moveToBloc(collab, id, parent, index),
      );
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };

  const addBloc = () => {
    const id = addItem(collab, "bloc", null);
    ui.update({ view: { name: "bloc", id } });
    requestFocus(ui, id, "title");
  };

  return (
    <nav
      className="outline"
      aria-label={t("outline.label")}
      ref={nav}
      onFocus={roving.onFocus}
      onKeyDown={roving.onKeyDown}
    >
      <fieldset className="outline__filters">
        <legend className="sr-only">{t("outline.filter")}</legend>
        <select
          className="select select--sm"
          aria-label={t("outline.filterShow")}
          value={filter.show}
          onChange={(e) => setFilter({ ...filter, show: e.target.value as OutlineFilter["show"] })}
        >
          <option value="all">{t("outline.filter.all")}</option>
          <option value="errors">{t("outline.filter.errors")}</option>
          <option value="comments">{t("outline.filter.comments")}</option>
        </select>
        <select
          className="select select--sm"
          aria-label={t("outline.filterKind")}
          value={filter.kind}
          onChange={(e) => setFilter({ ...filter, kind: e.target.value as OutlineFilter["kind"] })}
        >
          <option value="all">{t("outline.filter.allKinds")}</option>
          <option value="activity">{t("column.activity")}</option>
          <option value="competency">{t("column.competency")}</option>
          <option value="modality">{t("column.modality")}</option>
          <option value="criterion">{t("column.criterion")}</option>
        </select>
      </fieldset>
      <ul className="outline__top">
        <TopLink view={{ name: "meta" }} current={view} icon="file" label={t("outline.meta")} />
        <TopLink view={{ name: "matrix" }} current={view} icon="grid" label={t("outline.matrix")} />
      </ul>
      <div className="outline__heading">
        <h2>{t("outline.blocs")}</h2>
        {can.edit && (
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            aria-label={t("add.bloc")}
            title={t("add.bloc")}
            onClick={addBloc}
          />
        )}
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={can.edit ? onDragEnd : undefined}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("dnd.instructions") } }}
      >
        <SortableContext items={outline.blocs.map((b) => b.bloc.id)} strategy={verticalListSortingStrategy}>
          <ul className="outline__blocs">
            {outline.blocs.map((entry) => (
              <OutlineBloc
                key={entry.bloc.id}
                entry={entry}
                outline={outline}
                visible={visible}
                kind={filter.kind}
              />
            ))}
          </ul>
        </SortableContext>
        {outline.blocs.length === 0 && <p className="outline__empty">{t("outline.noBloc")}</p>}
        <ul className="outline__top outline__top--bottom">
          <TopLink
            view={{ name: "transversal" }}
            current={view}
            icon="link"
            label={t("outline.transversal")}
            count={outline.transversal.length}
          />
          {outline.transversal.length > 0 && (
            <li>
              <SortableContext
                items={outline.transversal.map((m) => m.id)}
                strategy={verticalListSortingStrategy}
              >
                <ul className="outline__items">
                  {outline.transversal.map((m) => (
                    <OutlineItem key={m.id} node={m} outline={outline} />
                  ))}
                </ul>
              </SortableContext>
            </li>
          )}
          {outline.orphans.length > 0 && (
            <TopLink
              view={{ name: "orphans" }}
              current={view}
              icon="warning"
              label={t("outline.orphans")}
              count={outline.orphans.length}
            />
          )}
        </ul>
      </DndContext>
      {can.edit && <p className="outline__hint">{t("outline.keyboardHint")}</p>}
    </nav>
  );
}

function TopLink({
  view,
  current,
  icon,
  label,
  count,
}: {
  view: View;
  current: View;
  icon: IconName;
  label: string;
  count?: number;
}) {
  const { ui } = useWorkspace();
  const selected = current.name === view.name;
  return (
    <li>
      <button
        type="button"
        data-roving={`view:${view.name}`}
        tabIndex={-1}
        className={selected ? "outline__link is-selected" : "outline__link"}
        aria-current={selected ? "page" : undefined}
        onClick={() => ui.update({ view })}
      >
        <Icon name={icon} />
        <span>{label}</span>
        {count !== undefined && <span className="outline__count">{count}</span>}
      </button>
    </li>
  );
}
