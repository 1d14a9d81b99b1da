import type { BlocOutline, Outline } from "@refstudio/schema";
import { useMemo } from "react";
import { blocRows, TABLE_COLUMNS, type TableCell, type TableColumn } from "../../app/blocRows.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { ItemCard } from "./ItemCard.tsx";
import "./table-view.css";

const COLUMN_LABEL = {
  activity: "column.activity",
  competency: "column.competency",
  modalities: "column.modality",
  criteria: "column.criterion",
} as const;

/**
 * « Tableau »: the bloc as the dossier's table, rows aligned (activity → competencies →
 * modalities → criteria, shared cells spanning rows), every cell a live item. An item shown in
 * several cells is editable in the first and referred to by its code in the others.
 */
export function TableView({ entry, outline }: { entry: BlocOutline; outline: Outline }) {
  const { t } = useI18n();
  const rows = useMemo(() => blocRows(entry, outline), [entry, outline]);
  const first = new Set<string>();
  const cell = (column: TableColumn, value: TableCell | null, key: string) => {
    if (!value) return null;
    return (
      <td
        key={key}
        rowSpan={value.rowSpan > 1 ? value.rowSpan : undefined}
        className={`tv__cell tv__cell--${column}`}
      >
        {value.ids.map((id) => {
          if (first.has(id)) {
            return (
              <p key={id} className="tv__again mono">
                {t("table.see", { code: outline.codes.get(id) ?? "" })}
              </p>
            );
          }
          first.add(id);
          return <ItemCard key={id} id={id} outline={outline} compact />;
        })}
      </td>
    );
  };
  return (
    <div className="tv__scroll">
      <table className="tv">
        <caption className="sr-only">
          {t("table.caption", { code: outline.codes.get(entry.bloc.id) ?? "" })}
        </caption>
        <thead>
          <tr>
            {TABLE_COLUMNS.map((column) => (
              <th key={column} scope="col">
                {t(COLUMN_LABEL[column])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={4} className="table4__empty">
                {t("table.empty")}
              </td>
            </tr>
          )}
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a row is its place in the table
            <tr key={i}>{TABLE_COLUMNS.map((column) => cell(column, row[column], column))}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
