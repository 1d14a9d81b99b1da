import { useWorkspace } from "../../app/workspace.ts";
import { useI18n } from "../../i18n/i18n.ts";
import { Icon } from "../ui/Icon.tsx";
import "../search/search.css";

/** The search field of the header: opens the search dialog (also Ctrl+F and « / »). */
export function SearchButton() {
  const { ui } = useWorkspace();
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="header-search"
      aria-keyshortcuts="Control+F"
      title={t("search.open")}
      onClick={() => ui.update({ searchOpen: true })}
    >
      <Icon name="search" />
      <span className="header-search__text">{t("search.placeholderShort")}</span>
      <kbd>Ctrl F</kbd>
    </button>
  );
}
