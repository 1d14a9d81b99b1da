import { useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/** Opens the « Raccourcis » dialog (also « ? »). */
export function ShortcutsButton() {
  const { ui } = useWorkspace();
  const { t } = useI18n();
  return (
    <Button
      size="sm"
      variant="ghost"
      icon="keyboard"
      aria-label={t("keys.title")}
      aria-keyshortcuts="?"
      title={`${t("keys.title")} (?)`}
      onClick={() => ui.update({ shortcutsOpen: true })}
    />
  );
}
