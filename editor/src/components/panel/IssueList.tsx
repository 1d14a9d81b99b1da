import type { Issue } from "@refstudio/schema";
import { jumpTo, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";

/** Issues as buttons: a click shows the item and puts the focus in the faulty field. */
export function IssueList({ issues }: { issues: Issue[] }) {
  const { doc, ui } = useWorkspace();
  const outline = useOutline(doc);
  const { lang } = useI18n();
  return (
    <ul className="issues">
      {issues.map((issue) => {
        const code = issue.nodeId ? outline.codes.get(issue.nodeId) : null;
        return (
          <li key={issue.key}>
            <button
              type="button"
              className={`issue issue--${issue.severity}`}
              data-rule={issue.rule}
              onClick={() =>
                jumpTo(ui, outline, issue.nodeId, issue.field ?? (issue.nodeId ? "body" : "meta.title"))
              }
            >
              <Icon name={issue.severity === "error" ? "error" : "warning"} />
              <span className="issue__text">
                {code && <span className="issue__code mono">{code}</span>}
                {issue.message[lang] || issue.message.fr}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
