import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { BlocOutline, Node, Outline } from "@refstudio/schema";
import { type KeyboardEvent, type ReactNode, useState } from "react";
import { type DropData, moveBy, moveToAdjacentBloc } from "../../app/nodeActions.ts";
import { jumpTo, useUi, useWorkspace } from "../../app/workspace.ts";
import { useNodeLabel } from "../../hooks/useNode.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";

const GROUPS = [
  { list: "activities", kind: "activity" },
  { list: "competencies", kind: "competency" },
  { list: "modalities", kind: "modality" },
  { list: "criteria", kind: "criterion" },
] as const;

/** Keyboard moves on an outline entry: Alt+↑/↓ reorder, Alt+Shift+↑/↓ change bloc, Delete asks to delete. */
function useMoveKeys(node: Node, outline: Outline) {
  const { collab, can, ui } = useWorkspace();
  return (event: KeyboardEvent<HTMLElement>) => {
    if (!can.edit) return;
    const up = event.key === "ArrowUp";
    const down = event.key === "ArrowDown";
    if (event.altKey && (up || down)) {
      event.preventDefault();
      const delta = up ? -1 : 1;
      if (event.shiftKey) {
        const index = outline.blocs.findIndex((b) => b.bloc.id === node.parent);
        const target = outline.blocs[index + delta]?.bloc.id;
        // Show (and so expand) the bloc it goes to, where the keyboard focus follows it.
        if (target && moveToAdjacentBloc(collab, outline, node.id, delta)) {
          ui.update({ view: { name: "bloc", id: target } });
        }
      } else moveBy(collab, outline, node.id, delta);
      // The entry re-renders elsewhere in the outline: keep the keyboard focus on it.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => document.getElementById(`outline-${node.id}`)?.focus()),
      );
    } else if (event.key === "Delete") {
      event.preventDefault();
      ui.update({ pendingDelete: node.id });
    }
  };
}

export function OutlineBloc({
  entry,
  outline,
  visible,
  kind,
}: {
  entry: BlocOutline;
  outline: Outline;
  /** Items that pass the outline's filter (null: every item). */
  visible: Set<string> | null;
  /** Only items of this kind ("all": every kind). */
  kind: string;
}) {
  const { doc, ui } = useWorkspace();
  const { t } = useI18n();
  const id = entry.bloc.id;
  const selected = useUi((state) => state.view.name === "bloc" && state.view.id === id);
  const [expanded, setExpanded] = useState<boolean | null>(null);
  const filtered = visible !== null || kind !== "all";
  const shows = (node: Node) => (kind === "all" || node.kind === kind) && (!visible || visible.has(node.id));
  const matches = GROUPS.reduce((n, { list }) => n + entry[list].filter(shows).length, 0);
  const open = expanded ?? (selected || (filtered && matches > 0));
  const label = useNodeLabel(doc, id);
  const code = outline.codes.get(id) ?? "";
  const onKeyDown = useMoveKeys(entry.bloc, outline);
  const data: DropData = { type: "bloc", parent: null, kind: "bloc" };
  const sortable = useSortable({ id, data });

  return (
    <li
      ref={sortable.setNodeRef}
      className={`outline__bloc${sortable.isOver ? " is-over" : ""}${sortable.isDragging ? " is-dragging" : ""}`}
      style={{ transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition }}
    >
      <div
        className={
          selected ? "outline__row outline__row--bloc is-selected" : "outline__row outline__row--bloc"
        }
      >
        <button
          type="button"
          tabIndex={-1}
          className="outline__toggle"
          aria-expanded={open}
          aria-label={open ? t("outline.collapse", { code }) : t("outline.expand", { code })}
          onClick={() => setExpanded(!open)}
        >
          <Icon name={open ? "down" : "right"} size={14} />
        </button>
        <button
          type="button"
          id={`outline-${id}`}
          className="outline__entry"
          data-roving={id}
          data-node={id}
          data-kind="bloc"
          aria-expanded={open}
          tabIndex={-1}
          title={`${code} ${label}`}
          aria-current={selected ? "page" : undefined}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Delete"
          onClick={() => ui.update({ view: { name: "bloc", id } })}
          onKeyDown={onKeyDown}
        >
          <span className="outline__code mono">{code}</span>
          <span className="outline__label">{label || t("outline.untitled")}</span>
        </button>
        <DragHandle sortable={sortable} label={t("dnd.handle", { code })} />
      </div>
      {open && (
        <div className="outline__groups">
          {GROUPS.map(({ list, kind: groupKind }) => {
            const nodes = entry[list].filter(shows);
            return nodes.length === 0 ? null : (
              <div key={groupKind} className="outline__group">
                <p className="outline__group-label">{t(`column.${groupKind}`)}</p>
                <SortableList ids={nodes.map((n) => n.id)}>
                  {nodes.map((node) => (
                    <OutlineItem key={node.id} node={node} outline={outline} />
                  ))}
                </SortableList>
              </div>
            );
          })}
        </div>
      )}
    </li>
  );
}

function SortableList({ ids, children }: { ids: string[]; children: ReactNode }) {
  return (
    <SortableContext items={ids} strategy={verticalListSortingStrategy}>
      <ul className="outline__items">{children}</ul>
    </SortableContext>
  );
}

export function OutlineItem({ node, outline }: { node: Node; outline: Outline }) {
  const { doc, ui } = useWorkspace();
  const { t } = useI18n();
  const label = useNodeLabel(doc, node.id);
  const code = outline.codes.get(node.id) ?? "";
  const onKeyDown = useMoveKeys(node, outline);
  const data: DropData = { type: "item", parent: node.parent, kind: node.kind };
  const sortable = useSortable({ id: node.id, data });
  return (
    <li
      ref={sortable.setNodeRef}
      className={`outline__item${sortable.isDragging ? " is-dragging" : ""}`}
      style={{ transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition }}
    >
      <div className="outline__row">
        <button
          type="button"
          id={`outline-${node.id}`}
          className="outline__entry"
          data-roving={node.id}
          data-node={node.id}
          data-kind={node.kind}
          data-parent={node.parent ?? ""}
          tabIndex={-1}
          title={`${code} ${label}`}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Alt+Shift+ArrowUp Alt+Shift+ArrowDown Delete"
          onClick={() => jumpTo(ui, outline, node.id, node.kind === "activity" ? "title" : "body")}
          onKeyDown={onKeyDown}
        >
          <span className="outline__code mono">{code}</span>
          <span className="outline__label">{label || t("outline.untitled")}</span>
        </button>
        <DragHandle sortable={sortable} label={t("dnd.handle", { code })} />
      </div>
    </li>
  );
}

function DragHandle({ sortable, label }: { sortable: ReturnType<typeof useSortable>; label: string }) {
  const { can } = useWorkspace();
  if (!can.edit) return null;
  return (
    <button
      type="button"
      className="outline__handle"
      aria-label={label}
      ref={sortable.setActivatorNodeRef}
      {...sortable.attributes}
      {...sortable.listeners}
      // Out of the tab order: the outline is one tab stop; Alt+arrows move items from the keyboard.
      tabIndex={-1}
    >
      <Icon name="grip" size={14} />
    </button>
  );
}
