import { useUi, useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/**
 * « Modifier / Suggérer » for owners and editors: in « Suggérer », the content is read-only and a
 * selected passage becomes a proposal others accept or reject, as a reviewer's would.
 */
export function SuggestModeSwitch() {
  const { summary, ui } = useWorkspace();
  const suggesting = useUi((state) => state.suggestMode);
  const { t } = useI18n();
  if (summary.role !== "owner" && summary.role !== "editor") return null;
  return (
    <div
      className="mode-switch"
      role="radiogroup"
      aria-label={t("suggest.mode")}
      title={t("suggest.modeHint")}
    >
      {([false, true] as const).map((value) => (
        <Button
          key={String(value)}
          size="sm"
          variant={suggesting === value ? "primary" : "ghost"}
          role="radio"
          aria-checked={suggesting === value}
          icon={value ? "edit" : undefined}
          onClick={() => ui.update({ suggestMode: value })}
        >
          {value ? t("suggest.modeSuggest") : t("suggest.modeEdit")}
        </Button>
      ))}
    </div>
  );
}
