import { type Issue, RULE_WHY, VALIDATION_RULES } from "@refstudio/schema";
import { useState } from "react";
import "./exports.css";
import { jumpTo, useWorkspace } from "../../app/workspace.ts";
import { useOutline } from "../../hooks/useOutline.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";

/** Issues as buttons: a click shows the item and puts the focus in the faulty field. */
export function IssueList({ issues }: { issues: Issue[] }) {
  const { doc, ui } = useWorkspace();
  const outline = useOutline(doc);
  const { lang, t } = useI18n();
  const [why, setWhy] = useState<string | null>(null);
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
            <button
              type="button"
              className="issue__why"
              aria-expanded={why === issue.key}
              aria-controls={`why-${issue.key}`}
              onClick={() => setWhy(why === issue.key ? null : issue.key)}
            >
              {t("why.button")}
            </button>
            {why === issue.key && <RuleWhy id={`why-${issue.key}`} rule={issue.rule} />}
          </li>
        );
      })}
    </ul>
  );
}

/** « Pourquoi ? »: the rule in one sentence, its dated source and an example that passes. */
function RuleWhy({ id, rule }: { id: string; rule: Issue["rule"] }) {
  const { lang, t } = useI18n();
  const { source, example } = RULE_WHY[rule];
  return (
    <dl className="why" id={id} data-rule={rule}>
      <dt>{t("why.rule")}</dt>
      <dd>{VALIDATION_RULES[rule].summary[lang] || VALIDATION_RULES[rule].summary.fr}</dd>
      <dt>{t("why.source")}</dt>
      <dd>
        {source.url ? (
          <a href={source.url} target="_blank" rel="noreferrer">
            {source.title}
          </a>
        ) : (
          source.title
        )}
        {source.date ? <span className="muted"> ({source.date})</span> : null}
      </dd>
      <dt>{t("why.example")}</dt>
      <dd>{example[lang] || example.fr}</dd>
    </dl>
  );
}
