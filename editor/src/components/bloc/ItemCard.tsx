import {
  MODALITY_TYPES,
  type Node,
  type NodeKind,
  nodeBody,
  nodeMap,
  type Outline,
  setLink,
  updateNode,
} from "@refstudio/schema";
import { useEffect, useId, useRef } from "react";
import type * as Y from "yjs";
import { moveBy, moveToBloc, siblingsOf } from "../../app/nodeActions.ts";
import { placeUrl } from "../../app/router.ts";
import { openPanel, requestFocus, useUi, useWorkspace, viewOf } from "../../app/workspace.ts";
import { usePeersOn } from "../../hooks/useCollabState.ts";
import { useFocusRequest } from "../../hooks/useFocusRequest.ts";
import type { MovedAway } from "../../hooks/useHeldItems.ts";
import { subscribeNode, useNode } from "../../hooks/useNode.ts";
import { useOpenThreadCount } from "../../hooks/useThreads.ts";
import { useNodeIssueCounts } from "../../hooks/useValidation.ts";
import { useYjs } from "../../hooks/useYjs.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { ChangedBy } from "../history/ChangedBy.tsx";
import { Button } from "../ui/Button.tsx";
import { Icon } from "../ui/Icon.tsx";
import { Menu, type MenuItem } from "../ui/Menu.tsx";
import { showToast } from "../ui/Toasts.tsx";
import { type LinkCandidate, LinkPicker } from "./LinkPicker.tsx";
import { RichField } from "./RichField.tsx";
import { TextField } from "./TextField.tsx";
import "./card-state.css";

type Props = {
  id: string;
  outline: Outline;
  /** Inside the « Tableau » view: the rows show the links. */
  compact?: boolean;
  /** Set when someone moved the item elsewhere while I was in it (see useHeldItems). */
  movedAway?: MovedAway;
};

/** Copies an absolute link to a place to the clipboard, and says so. */
export async function copyLink(url: string, done: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(url);
    showToast({ tone: "success", message: done });
  } catch {
    showToast({ tone: "info", message: url });
  }
}

/** One item of the table (activity, competency, modality or criterion): its code, fields, links and actions. */
export function ItemCard({ id, outline, compact, movedAway }: Props) {
  const { doc, collab, can, ui, summary } = useWorkspace();
  const { t } = useI18n();
  const article = useRef<HTMLElement>(null);
  const revealSeq = useUi((state) => (state.reveal?.nodeId === id ? state.reveal.seq : null));
  useEffect(() => {
    const element = article.current;
    if (revealSeq === null || !element) return;
    element.scrollIntoView({ block: "center", behavior: "smooth" });
    element.classList.add("card--flash");
    const timer = setTimeout(() => element.classList.remove("card--flash"), 2000);
    return () => clearTimeout(timer);
  }, [revealSeq]);
  // After a move from the menu, the keyboard focus follows the item to where it went.
  useFocusRequest(
    (target) => target.nodeId === id && target.field === "menu",
    () => {
      const button = article.current?.querySelector<HTMLButtonElement>(".card__actions .menu > button");
      if (!button) return false;
      button.focus();
      return true;
    },
  );
  const node = useNode(doc, id);
  const body = useBody(doc, id);
  const code = outline.codes.get(id) ?? "";
  const peers = usePeersOn(collab, id);
  const issues = useNodeIssueCounts(doc, id);
  const threads = useOpenThreadCount(doc, id);
  const headingId = useId();
  if (!node || node.kind === "bloc") return null;

  const kindLabel = t(`kind.${node.kind}`);
  const named = `${kindLabel} ${code}`;

  const siblings = siblingsOf(outline, node);
  const index = siblings.findIndex((n) => n.id === id);
  const link = placeUrl(summary.id, { view: viewOf(outline, id), item: id, thread: null });
  const menu: MenuItem[] = [
    { label: t("links.copy"), icon: "link", onSelect: () => void copyLink(link, t("links.copied")) },
  ];
  // Moving re-renders the item elsewhere: the focus goes back to its menu button there.
  const moved = (parent: string | null | undefined) => {
    if (parent !== undefined)
      ui.update({ view: parent ? { name: "bloc", id: parent } : { name: "transversal" }, item: id });
    requestFocus(ui, id, "menu");
  };
  if (can.edit) {
    menu.push(
      {
        label: t("actions.moveUp"),
        icon: "up",
        disabled: index <= 0,
        onSelect: () => {
          moveBy(collab, outline, id, -1);
          moved(undefined);
        },
      },
      {
        label: t("actions.moveDown"),
        icon: "down",
        disabled: index < 0 || index >= siblings.length - 1,
        onSelect: () => {
          moveBy(collab, outline, id, 1);
          moved(undefined);
        },
      },
    );
    for (const entry of outline.blocs) {
      if (entry.bloc.id === node.parent) continue;
      menu.push({
        label: t("actions.moveTo", { code: outline.codes.get(entry.bloc.id) ?? "" }),
        icon: "move",
        onSelect: () => {
          moveToBloc(collab, id, entry.bloc.id);
          moved(entry.bloc.id);
        },
      });
    }
    if (node.kind === "modality" && node.parent !== null) {
      menu.push({
        label: t("actions.makeTransversal"),
        icon: "move",
        onSelect: () => {
          moveToBloc(collab, id, null);
          moved(null);
        },
      });
    }
    menu.push({
      label: t("actions.delete"),
      icon: "trash",
      danger: true,
      onSelect: () => ui.update({ pendingDelete: id }),
    });
  }

  return (
    <article
      ref={article}
      className={`card card--${node.kind}${peers.length > 0 ? " card--peer" : ""}${compact ? " card--compact" : ""}${movedAway ? " card--moved" : ""}`}
      aria-labelledby={headingId}
      data-node={id}
      data-kind={node.kind}
      onFocus={() => {
        if (ui.get().item !== id) ui.update({ item: id });
      }}
      style={peers[0] ? ({ "--peer": peers[0].color } as React.CSSProperties) : undefined}
    >
      {movedAway && <MovedNotice id={id} moved={movedAway} outline={outline} />}
      <header className="card__head">
        <h4 className="card__code mono" id={headingId}>
          <span className="sr-only">{kindLabel} </span>
          {code}
        </h4>
        {peers.length > 0 && (
          <span className="card__peers">
            {peers.map((peer) => (
              <span
                key={peer.id}
                className="card__peer"
                style={{ backgroundColor: peer.color }}
                title={peer.name}
              >
                {peer.name}
              </span>
            ))}
          </span>
        )}
        <span className="card__badges">
          {issues.errors > 0 && (
            <span
              className="issue-badge issue-badge--error"
              title={t("validation.errorsCount", { count: issues.errors })}
            >
              <Icon name="error" size={13} />
              <span className="sr-only">{t("validation.errorsCount", { count: issues.errors })}</span>
              {issues.errors}
            </span>
          )}
          {issues.warnings > 0 && (
            <span
              className="issue-badge issue-badge--warning"
              title={t("validation.warningsCount", { count: issues.warnings })}
            >
              <Icon name="warning" size={13} />
              <span className="sr-only">{t("validation.warningsCount", { count: issues.warnings })}</span>
              {issues.warnings}
            </span>
          )}
          {threads > 0 && (
            <button
              type="button"
              className="issue-badge issue-badge--comment"
              onClick={() => openPanel(ui, "comments")}
              aria-label={t("comments.openCount", { count: threads })}
            >
              <Icon name="comment" size={13} />
              {threads}
            </button>
          )}
        </span>
        <span className="card__actions">
          {can.comment && (
            <Button
              size="sm"
              variant="ghost"
              icon="comment"
              aria-label={t("comments.onItem", { name: named })}
              title={t("comments.onItem", { name: named })}
              onClick={() => openPanel(ui, "comments", { draft: { anchor: { node: id }, quote: "" } })}
            />
          )}
          {menu.length > 0 && <Menu label={t("actions.menu", { name: named })} items={menu} />}
        </span>
      </header>
      {(node.kind === "activity" || node.kind === "modality") && (
        <TextField
          nodeId={id}
          textKey="title"
          label={t(`field.${node.kind}.title`, { code })}
          placeholder={t(`placeholder.${node.kind}.title`)}
          multiline
          className="card__title"
          kind={node.kind}
        />
      )}
      {node.kind === "modality" && <ModalityDetails node={node} code={code} />}
      {body && (
        <RichField
          fragment={body}
          label={t(`field.${node.kind}.body`, { code })}
          placeholder={t(`placeholder.${node.kind}.body`)}
          nodeId={id}
          field="body"
          kind={node.kind}
        />
      )}
      <NodeLinks node={node} code={code} outline={outline} />
      <ChangedBy target={id} />
    </article>
  );
}

/** « Déplacé vers BC02 par Alice — Suivre »: the item stays here until I follow it or dismiss this. */
function MovedNotice({ id, moved, outline }: { id: string; moved: MovedAway; outline: Outline }) {
  const { ui } = useWorkspace();
  const { t } = useI18n();
  const where = moved.to ? (outline.codes.get(moved.to) ?? "") : t("outline.transversal");
  return (
    <div className="card__moved" role="status">
      <span>{moved.by ? t("follow.movedBy", { where, name: moved.by }) : t("follow.moved", { where })}</span>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          const field =
            (document.activeElement?.closest("[data-node]") as HTMLElement | null)?.dataset.node === id;
          ui.update({ view: moved.to ? { name: "bloc", id: moved.to } : { name: "transversal" }, item: id });
          requestFocus(ui, id, field ? "body" : "menu");
        }}
      >
        {t("follow.follow")}
      </button>
      <button type="button" className="link-button" onClick={moved.release}>
        {t("follow.dismiss")}
      </button>
    </div>
  );
}

/** The body fragment of a node (a new one if the node was re-created by undo). */
function useBody(doc: Y.Doc, id: string): Y.XmlFragment | null {
  return useYjs(
    doc,
    (onChange) => subscribeNode(doc, id, onChange),
    () => {
      const map = nodeMap(doc, id);
      return map ? nodeBody(map) : null;
    },
    [id],
  );
}

function ModalityDetails({ node, code }: { node: Extract<Node, { kind: "modality" }>; code: string }) {
  const { doc, can } = useWorkspace();
  const { t } = useI18n();
  return (
    <div className="modality-details">
      <label className="mini-field">
        <span className="mini-field__label">{t("modality.type")}</span>
        <select
          className="select select--sm"
          aria-label={t("modality.typeOf", { code })}
          value={node.modalityType ?? ""}
          disabled={!can.edit}
          onChange={(e) =>
            updateNode(doc, node.id, {
              modalityType: (e.target.value || null) as (typeof MODALITY_TYPES)[number] | null,
            })
          }
        >
          <option value="">{t("modality.typeNone")}</option>
          {MODALITY_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`modalityType.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="mini-field">
        <span className="mini-field__label">{t("modality.grouping")}</span>
        <select
          className="select select--sm"
          aria-label={t("modality.groupingOf", { code })}
          value={node.grouping ?? ""}
          disabled={!can.edit}
          onChange={(e) =>
            updateNode(doc, node.id, { grouping: (e.target.value || null) as "individual" | "group" | null })
          }
        >
          <option value="">—</option>
          <option value="individual">{t("modality.individual")}</option>
          <option value="group">{t("modality.group")}</option>
        </select>
      </label>
      <DurationField node={node} code={code} />
    </div>
  );
}

/** The duration is a short plain value: committed on blur or Enter, not on every keystroke. */
function DurationField({ node, code }: { node: Extract<Node, { kind: "modality" }>; code: string }) {
  const { doc, can } = useWorkspace();
  const { t } = useI18n();
  return (
    <label className="mini-field">
      <span className="mini-field__label">{t("modality.duration")}</span>
      <input
        key={node.duration}
        className="input input--sm"
        aria-label={t("modality.durationOf", { code })}
        defaultValue={node.duration}
        readOnly={!can.edit}
        maxLength={100}
        placeholder={t("modality.durationPlaceholder")}
        onBlur={(e) => {
          if (e.target.value !== node.duration) updateNode(doc, node.id, { duration: e.target.value });
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") e.currentTarget.blur();
        }}
      />
    </label>
  );
}

const LINK_OF: Partial<Record<NodeKind, { name: "activities" | "covers" | "evaluates"; target: NodeKind }>> =
  {
    competency: { name: "activities", target: "activity" },
    modality: { name: "covers", target: "competency" },
    criterion: { name: "evaluates", target: "competency" },
  };

function NodeLinks({ node, code, outline }: { node: Node; code: string; outline: Outline }) {
  const { t } = useI18n();
  const link = LINK_OF[node.kind];
  if (!link) return null;
  const candidates = linkCandidates(outline, node, link.target);
  return (
    <>
      {node.kind === "competency" && <EvaluatedBy node={node} code={code} outline={outline} />}
      <LinkPicker
        nodeId={node.id}
        name={link.name}
        label={t(`links.${link.name}`)}
        editLabel={t(`links.${link.name}Edit`, { code })}
        selected={node.links[link.name] ?? []}
        candidates={candidates}
        codes={outline.codes}
        kind={node.kind}
      />
    </>
  );
}

/** The criteria that evaluate a competency, linked from the competency's side (the link lives on each criterion). */
function EvaluatedBy({ node, code, outline }: { node: Node; code: string; outline: Outline }) {
  const { doc } = useWorkspace();
  const { t } = useI18n();
  const entry = outline.blocs.find((b) => b.bloc.id === node.parent);
  const criteria = entry?.criteria ?? [];
  const selected = criteria.filter((c) => (c.links.evaluates ?? []).includes(node.id)).map((c) => c.id);
  return (
    <LinkPicker
      nodeId={node.id}
      name="evaluatedBy"
      label={t("links.evaluatedBy")}
      editLabel={t("links.evaluatedByEdit", { code })}
      selected={selected}
      candidates={criteria.map((c) => ({ id: c.id, code: outline.codes.get(c.id) ?? "" }))}
      codes={outline.codes}
      kind={node.kind}
      onToggle={(criterion, on) => setLink(doc, criterion, "evaluates", node.id, on)}
    />
  );
}

/**
 * What a link may point at: the items of the node's own bloc first, then (for a transversal
 * modality, or links that already leave the bloc) the other blocs' items.
 */
function linkCandidates(outline: Outline, node: Node, kind: NodeKind): LinkCandidate[] {
  const list = kind === "activity" ? "activities" : "competencies";
  const linked = new Set(Object.values(node.links).flat());
  const result: LinkCandidate[] = [];
  for (const entry of outline.blocs) {
    const own = entry.bloc.id === node.parent || node.parent === null;
    for (const item of entry[list]) {
      if (own || linked.has(item.id)) {
        result.push({
          id: item.id,
          code: outline.codes.get(item.id) ?? "",
          group: outline.codes.get(entry.bloc.id),
        });
      }
    }
  }
  return result;
}
