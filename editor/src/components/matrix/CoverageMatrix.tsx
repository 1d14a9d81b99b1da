import { type Node, type Outline, setLink } from "@refstudio/schema";
import { Fragment, useMemo } from "react";
import { jumpTo, useWorkspace } from "../../app/workspace.ts";
import { useNodeLabel } from "../../hooks/useNode.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";
import { showToast } from "../ui/Toasts.tsx";

type Column = { id: string; code: string; group: string };

/**
 * Competencies × modalities (which modality covers which competency) and the criteria that
 * evaluate each one. A competency with no modality or no criterion is a gap, highlighted.
 */
export function CoverageMatrix({ outline }: { outline: Outline }) {
  const { t } = useI18n();
  const columns = useMemo<Column[]>(() => {
    const list: Column[] = [];
    for (const entry of outline.blocs) {
      for (const m of entry.modalities) {
        list.push({
          id: m.id,
          code: outline.codes.get(m.id) ?? "",
          group: outline.codes.get(entry.bloc.id) ?? "",
        });
      }
    }
    for (const m of outline.transversal) {
      list.push({ id: m.id, code: outline.codes.get(m.id) ?? "", group: t("matrix.transversal") });
    }
    return list;
  }, [outline, t]);

  const { covers, criteria } = useMemo(() => {
    const coverMap = new Map<string, Set<string>>();
    const criteriaMap = new Map<string, string[]>();
    for (const node of outline.byId.values()) {
      for (const target of node.links.covers ?? []) {
        if (!coverMap.has(target)) coverMap.set(target, new Set());
        coverMap.get(target)?.add(node.id);
      }
      for (const target of node.links.evaluates ?? []) {
        criteriaMap.set(target, [...(criteriaMap.get(target) ?? []), node.id]);
      }
    }
    return { covers: coverMap, criteria: criteriaMap };
  }, [outline]);

  const competencies = outline.blocs.flatMap((entry) => entry.competencies);
  const gaps = competencies.filter((c) => !covers.get(c.id)?.size || !criteria.get(c.id)?.length).length;
  const groups = columns.reduce<{ name: string; span: number }[]>((acc, col) => {
    const last = acc[acc.length - 1];
    if (last && last.name === col.group) last.span += 1;
    else acc.push({ name: col.group, span: 1 });
    return acc;
  }, []);

  return (
    <section className="matrix" aria-labelledby="matrix-title">
      <header className="simple-view__head">
        <h2 id="matrix-title">{t("matrix.title")}</h2>
        <p
          className={
            gaps > 0 || competencies.length === 0
              ? "matrix__summary matrix__summary--gaps"
              : "matrix__summary"
          }
        >
          {competencies.length === 0
            ? t("matrix.empty")
            : gaps > 0
              ? t("matrix.gaps", { count: gaps })
              : t("matrix.noGap")}
        </p>
      </header>
      <div className="matrix__scroll">
        <table className="matrix__table">
          <caption className="sr-only">{t("matrix.caption")}</caption>
          <thead>
            <tr>
              <td rowSpan={2} />
              {groups.map((group) => (
                <th key={group.name} scope="colgroup" colSpan={group.span} className="matrix__group">
                  {group.name}
                </th>
              ))}
              <th rowSpan={2} scope="col" className="matrix__criteria-head">
                {t("matrix.criteria")}
              </th>
            </tr>
            <tr>
              {columns.map((col) => (
                <th key={col.id} scope="col" className="matrix__col mono">
                  <ColumnHead id={col.id} code={col.code} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {outline.blocs.map((entry) => (
              <Fragment key={entry.bloc.id}>
                <tr className="matrix__bloc-row">
                  <th scope="rowgroup" colSpan={columns.length + 2}>
                    {outline.codes.get(entry.bloc.id)}
                  </th>
                </tr>
                {entry.competencies.map((competency) => (
                  <MatrixRow
                    key={competency.id}
                    competency={competency}
                    outline={outline}
                    columns={columns}
                    covered={covers.get(competency.id) ?? new Set()}
                    criteria={criteria.get(competency.id) ?? []}
                  />
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ColumnHead({ id, code }: { id: string; code: string }) {
  const { doc } = useWorkspace();
  const label = useNodeLabel(doc, id);
  return <span title={label}>{code}</span>;
}

function MatrixRow({
  competency,
  outline,
  columns,
  covered,
  criteria,
}: {
  competency: Node;
  outline: Outline;
  columns: Column[];
  covered: Set<string>;
  criteria: string[];
}) {
  const { doc, ui, can } = useWorkspace();
  const { t } = useI18n();
  const label = useNodeLabel(doc, competency.id);
  const code = outline.codes.get(competency.id) ?? "";
  const gap = covered.size === 0 || criteria.length === 0;
  const toggle = (modality: string, on: boolean) => {
    try {
      setLink(doc, modality, "covers", competency.id, on);
    } catch (error) {
      showToast({ tone: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <tr className={gap ? "matrix__row is-gap" : "matrix__row"}>
      <th scope="row" className="matrix__competency">
        <button
          type="button"
          className="link-button"
          onClick={() => jumpTo(ui, outline, competency.id, "body")}
        >
          <span className="mono">{code}</span> <span className="matrix__label">{label}</span>
        </button>
        {covered.size === 0 && <span className="gap-tag">{t("matrix.noModality")}</span>}
      </th>
      {columns.map((col) => {
        const on = covered.has(col.id);
        const name = t("matrix.cell", { competency: code, modality: col.code });
        return (
          <td key={col.id} className={on ? "matrix__cell is-on" : "matrix__cell"}>
            {can.edit ? (
              <button type="button" aria-pressed={on} aria-label={name} onClick={() => toggle(col.id, !on)}>
                {on && <Icon name="check" size={14} />}
              </button>
            ) : (
              on && (
                <span role="img" aria-label={name}>
                  <Icon name="check" size={14} />
                </span>
              )
            )}
          </td>
        );
      })}
      <td className={criteria.length === 0 ? "matrix__criteria is-missing" : "matrix__criteria"}>
        {criteria.length === 0 ? (
          <span className="gap-tag">{t("matrix.noCriterion")}</span>
        ) : (
          criteria.map((id) => (
            <span key={id} className="chip">
              {outline.codes.get(id) ?? "?"}
            </span>
          ))
        )}
      </td>
    </tr>
  );
}
