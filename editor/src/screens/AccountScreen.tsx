import { PASSWORD_MIN_LENGTH } from "@refstudio/schema";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import type { Account, EmailFrequency } from "../api/types.ts";
import { useSession } from "../app/session.tsx";
import { BrandMark } from "../components/BrandMark.tsx";
import { UserMenu } from "../components/UserMenu.tsx";
import { Button } from "../components/ui/Button.tsx";
import { showToast } from "../components/ui/Toasts.tsx";
import { useI18n } from "../i18n/i18n.ts";

const FREQUENCIES: readonly EmailFrequency[] = ["immediate", "daily", "never"];

/** My account: my name, when mails about notifications come, my password, my other sessions. */
export function AccountScreen() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [account, setAccount] = useState<Account | null>(null);
  const [mail, setMail] = useState(true);
  const [name, setName] = useState("");
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .account()
      .then(({ account }) => {
        setAccount(account);
        setName(account.name);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")));
    api
      .server()
      .then((info) => setMail(info.mail))
      .catch(() => undefined);
  }, [t]);

  const attempt = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("common.unexpected"));
    }
  };

  const saveName = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      const { account } = await api.updateAccount({ name: name.trim() });
      setAccount(account);
      signedIn({ id: account.id, email: account.email, name: account.name, admin: account.admin });
      showToast({ tone: "success", message: t("account.nameSaved") });
    });
  };

  const changePassword = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      const { signedOut } = await api.changePassword(current, password);
      setCurrent("");
      setPassword("");
      showToast({ tone: "success", message: t("account.passwordChanged", { count: signedOut }) });
    });
  };

  return (
    <div className="page">
      <header className="topbar">
        <a href="#/" aria-label={t("account.back")}>
          <BrandMark compact />
        </a>
        <UserMenu />
      </header>
      <main className="home account">
        <div className="home__head">
          <h1 className="home__title">{t("account.title")}</h1>
          <a href="#/">{t("account.back")}</a>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {account && (
          <>
            <section aria-labelledby="account-identity">
              <h2 id="account-identity">{t("account.identity")}</h2>
              <form className="form" onSubmit={saveName}>
                <p className="muted">{account.email}</p>
                <label className="field">
                  <span className="field__label">{t("auth.name")}</span>
                  <input
                    className="input"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    required
                    maxLength={200}
                  />
                </label>
                <Button
                  type="submit"
                  variant="primary"
                  disabled={!name.trim() || name.trim() === account.name}
                >
                  {t("common.save")}
                </Button>
              </form>
            </section>
            <section aria-labelledby="account-mail">
              <h2 id="account-mail">{t("account.mail")}</h2>
              {!mail && <p className="muted">{t("account.noMail")}</p>}
              <fieldset className="form" disabled={!mail}>
                <legend className="sr-only">{t("account.mail")}</legend>
                {FREQUENCIES.map((frequency) => (
                  <label key={frequency} className="radio">
                    <input
                      type="radio"
                      name="mail-frequency"
                      checked={account.emailNotifications === frequency}
                      onChange={() =>
                        void attempt(async () => {
                          const answer = await api.updateAccount({ emailNotifications: frequency });
                          setAccount(answer.account);
                          showToast({ tone: "success", message: t("account.mailSaved") });
                        })
                      }
                    />{" "}
                    {t(`account.mail.${frequency}`)}
                  </label>
                ))}
              </fieldset>
            </section>
            <section aria-labelledby="account-password">
              <h2 id="account-password">{t("account.password")}</h2>
              <form className="form" onSubmit={changePassword}>
                <label className="field">
                  <span className="field__label">{t("account.current")}</span>
                  <input
                    className="input"
                    type="password"
                    value={current}
                    onChange={(e) => setCurrent(e.target.value)}
                    autoComplete="current-password"
                    required
                  />
                </label>
                <label className="field">
                  <span className="field__label">{t("account.new")}</span>
                  <input
                    className="input"
                    type="password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    autoComplete="new-password"
                    minLength={PASSWORD_MIN_LENGTH}
                    required
                  />
                  <span className="field__hint">{t("auth.passwordRule", { min: PASSWORD_MIN_LENGTH })}</span>
                </label>
                <Button type="submit" variant="primary">
                  {t("account.password")}
                </Button>
              </form>
            </section>
            <section aria-labelledby="account-sessions">
              <h2 id="account-sessions">{t("account.sessions")}</h2>
              <p className="muted">{t("account.sessionsHint")}</p>
              <Button
                icon="logout"
                onClick={() =>
                  void attempt(async () => {
                    const { signedOut } = await api.signOutOthers();
                    showToast({
                      tone: "success",
                      message: t("account.signedOutOthers", { count: signedOut }),
                    });
                  })
                }
              >
                {t("account.signOutOthers")}
              </Button>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
