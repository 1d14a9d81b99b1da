import { type LinkName, setLink } from "@refstudio/schema";
import { useEffect, useId, useRef, useState } from "react";
import { useWorkspace } from "../../app/workspace.ts";
import { isFocusFor, useFocusRequest } from "../../hooks/useFocusRequest.ts";
import { useNodeLabel } from "../../hooks/useNode.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { showToast } from "../ui/Toasts.tsx";

export type LinkCandidate = { id: string; code: string; group?: string };

type Props = {
  nodeId: string;
  /** The link edited: one of the node's own, or "evaluatedBy" (criteria → this competency). */
  name: LinkName | "evaluatedBy";
  /** "Évalue", "Couvre", "Issue de". */
  label: string;
  /** Accessible name of the editor, with the item's code. */
  editLabel: string;
  selected: string[];
  candidates: LinkCandidate[];
  codes: Map<string, string>;
  kind: string;
  /** How a tick is written (default: the node's own link `name`). */
  onToggle?: (target: string, on: boolean) => void;
};

/**
 * The links of one item, edited in place: the linked codes as chips, and a small multi-select
 * (checkbox list) of the codes it may point at.
 */
export function LinkPicker({
  nodeId,
  name,
  label,
  editLabel,
  selected,
  candidates,
  codes,
  kind,
  onToggle,
}: Props) {
  const { doc, can } = useWorkspace();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const selectedSet = new Set(selected);

  useFocusRequest(
    (target) => name !== "evaluatedBy" && isFocusFor(target, nodeId, kind, "links"),
    () => {
      if (!button.current) return false;
      button.current.focus();
      return true;
    },
  );

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLInputElement>("input[type=checkbox]")?.focus();
    const onDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    return () => document.removeEventListener("pointerdown", onDown);
  }, [open]);

  const toggle = (target: string, on: boolean) => {
    try {
      if (onToggle) onToggle(target, on);
      else if (name !== "evaluatedBy") setLink(doc, nodeId, name, target, on);
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div className="links" ref={root}>
      <span className="links__label">{label}</span>
      <ul className="links__chips" aria-label={label}>
        {selected.length === 0 && <li className="links__none">{t("links.none")}</li>}
        {selected.map((id) => (
          <li key={id} className={codes.has(id) ? "chip" : "chip chip--dangling"}>
            {codes.get(id) ?? t("links.missing")}
          </li>
        ))}
      </ul>
      {can.edit && (
        <button
          ref={button}
          type="button"
          className="links__edit"
          aria-label={`${t("links.edit")} — ${editLabel}`}
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          onClick={() => setOpen((value) => !value)}
        >
          {t("links.edit")}
        </button>
      )}
      {open && (
        <fieldset
          id={listId}
          className="links__popover"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              setOpen(false);
              button.current?.focus();
            }
          }}
        >
          <legend className="sr-only">{editLabel}</legend>
          {candidates.length === 0 && <p className="muted">{t("links.noCandidates")}</p>}
          {candidates.map((candidate, index) => (
            <div key={candidate.id}>
              {candidate.group && candidate.group !== candidates[index - 1]?.group && (
                <p className="links__group">{candidate.group}</p>
              )}
              <CandidateOption
                candidate={candidate}
                checked={selectedSet.has(candidate.id)}
                onChange={(on) => toggle(candidate.id, on)}
              />
            </div>
          ))}
          <div className="links__popover-foot">
            <button
              type="button"
              className="btn btn--secondary btn--sm"
              onClick={() => {
                setOpen(false);
                button.current?.focus();
              }}
            >
              {t("common.done")}
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}

function CandidateOption({
  candidate,
  checked,
  onChange,
}: {
  candidate: LinkCandidate;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const { doc } = useWorkspace();
  const label = useNodeLabel(doc, candidate.id);
  return (
    <label className="links__option">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="mono links__code">{candidate.code}</span>
      <span className="links__text">{label}</span>
    </label>
  );
}
