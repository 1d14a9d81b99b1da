import { useWorkspace } from "../../app/workspace.ts";
import { useValidation } from "../../hooks/useValidation.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";
import { IssueList } from "./IssueList.tsx";

/** Live validation, grouped by severity: errors block the validated export, warnings do not. */
export function ValidationList() {
  const { doc } = useWorkspace();
  const report = useValidation(doc);
  const { t } = useI18n();
  const errors = report.issues.filter((i) => i.severity === "error");
  const warnings = report.issues.filter((i) => i.severity === "warning");
  return (
    <div className="validation">
      <p
        className={`validation__summary validation__summary--${errors.length > 0 ? "error" : "ok"}`}
        role="status"
      >
        <Icon name={errors.length > 0 ? "error" : "check"} />
        {errors.length > 0 ? t("validation.blocking", { count: errors.length }) : t("validation.ready")}
      </p>
      {errors.length > 0 && (
        <section aria-labelledby="validation-errors">
          <h3 id="validation-errors" className="side__heading">
            {t("validation.errors")} <span className="side__count">{errors.length}</span>
          </h3>
          <IssueList issues={errors} />
        </section>
      )}
      {warnings.length > 0 && (
        <section aria-labelledby="validation-warnings">
          <h3 id="validation-warnings" className="side__heading">
            {t("validation.warnings")} <span className="side__count">{warnings.length}</span>
          </h3>
          <IssueList issues={warnings} />
        </section>
      )}
    </div>
  );
}
