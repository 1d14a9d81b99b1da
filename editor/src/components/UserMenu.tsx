import { useSession, useUser } from "../app/session.tsx";
import { initials } from "../collab/colors.ts";
import { useI18n } from "../i18n/i18n.ts";
import { Button } from "./ui/Button.tsx";

/** Who is signed in, the language switch and sign-out. */
export function UserMenu() {
  const user = useUser();
  const { signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  return (
    <div className="user-menu">
      <span className="user-menu__avatar" aria-hidden="true">
        {initials(user.name)}
      </span>
      <span className="user-menu__name">{user.name}</span>
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
