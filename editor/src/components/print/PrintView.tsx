import { readMeta, readNode, richToPlain } from "@refstudio/schema";
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";
import { blocRows, TABLE_COLUMNS } from "../../app/blocRows.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { outlineSource } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";
import "./print.css";

/**
 * What Ctrl+P prints: the whole référentiel as the dossier's 4-column table per bloc, without the
 * app around it. Rendered only while printing (`beforeprint`), from the document as it is then.
 */
export function PrintView() {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
  return printing ? <PrintDocument /> : null;
}

const HEADINGS = ["column.activity", "column.competency", "column.modality", "column.criterion"] as const;

function PrintDocument() {
  const { doc } = useWorkspace();
  const { t } = useI18n();
  const outline = outlineSource(doc).get();
  const meta = readMeta(doc);
  const text = (id: string) => {
    const node = readNode(doc, id);
    if (!node) return "";
    return [node.title, richToPlain(node.body)].filter(Boolean).join("\n");
  };
  return (
    <div className="print-only" data-testid="print">
      <h1>{meta.title}</h1>
      {meta.rncpCode && <p>{meta.rncpCode}</p>}
      {outline.blocs.map((entry) => (
        <section key={entry.bloc.id} className="print-bloc">
          <h2>
            {outline.codes.get(entry.bloc.id)} — {entry.bloc.title}
          </h2>
          <table>
            <thead>
              <tr>
                {HEADINGS.map((heading) => (
                  <th key={heading}>{t(heading)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {blocRows(entry, outline).map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row is its place in the table
                <tr key={i}>
                  {TABLE_COLUMNS.map((column) => {
                    const cell = row[column];
                    if (!cell) return null;
                    return (
                      <td key={column} rowSpan={cell.rowSpan > 1 ? cell.rowSpan : undefined}>
                        {cell.ids.map((id) => (
                          <p key={id}>
                            <strong>{outline.codes.get(id)}</strong> {text(id)}
                          </p>
                        ))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
