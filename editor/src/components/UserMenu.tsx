import { useSession, useUser } from "../app/session.tsx";
import { initials } from "../collab/colors.ts";
import { useI18n } from "../i18n/i18n.ts";
import { NotificationBell } from "./NotificationBell.tsx";
import { Button } from "./ui/Button.tsx";
import { Icon } from "./ui/Icon.tsx";

/** My notifications, who is signed in (a link to my account), administration, language and sign-out. */
export function UserMenu() {
  const user = useUser();
  const { signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  return (
    <div className="user-menu">
      <NotificationBell />
      <a className="user-menu__account" href="#/compte" title={t("account.open")}>
        <span className="user-menu__avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-menu__name">{user.name}</span>
        <span className="sr-only"> — {t("account.open")}</span>
      </a>
      {user.admin && (
        <a
          className="btn btn--ghost btn--sm"
          href="#/admin"
          aria-label={t("admin.open")}
          title={t("admin.open")}
        >
          <Icon name="shield" />
        </a>
      )}
      <Button
        size="sm"
        variant="ghost"
        onClick={() => setLang(lang === "fr" ? "en" : "fr")}
        lang={lang === "fr" ? "en" : "fr"}
      >
        {lang === "fr" ? "EN" : "FR"}
        <span className="sr-only"> — {t("common.switchLanguage")}</span>
      </Button>
      <Button
        size="sm"
        variant="ghost"
        icon="logout"
        onClick={() => void signOut()}
        aria-label={t("auth.signOut")}
      />
    </div>
  );
}
