import { PASSWORD_MIN_LENGTH } from "@refstudio/schema";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { navigate } from "../app/router.ts";
import { useSession } from "../app/session.tsx";
import { BrandMark } from "../components/BrandMark.tsx";
import { Button } from "../components/ui/Button.tsx";
import { useI18n } from "../i18n/i18n.ts";

/** « Mot de passe oublié » (ask for a link by e-mail) and the page of a reset link. */

export function ForgotPasswordScreen() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [answer, setAnswer] = useState<{ mailed: boolean } | null>(null);
  const [mail, setMail] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .server()
      .then((info) => setMail(info.mail))
      .catch(() => setMail(null));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setAnswer(await api.askPasswordReset(email.trim()));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("common.unexpected"));
    }
  };

  return (
    <main className="auth">
      <div className="auth__card">
        <BrandMark />
        <h1 className="auth__title">{t("forgot.title")}</h1>
        {mail === false ? (
          <p role="status">{t("forgot.noMail")}</p>
        ) : answer ? (
          <p role="status">{answer.mailed ? t("forgot.sent") : t("forgot.noMail")}</p>
        ) : (
          <form className="form" onSubmit={submit}>
            <p>{t("forgot.intro")}</p>
            <label className="field">
              <span className="field__label">{t("auth.email")}</span>
              <input
                className="input"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="email"
                required
              />
            </label>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button variant="primary" type="submit" className="btn--block">
              {t("forgot.send")}
            </Button>
          </form>
        )}
        <p className="auth__switch">
          <a href="#/connexion">{t("forgot.back")}</a>
        </p>
      </div>
    </main>
  );
}

export function ResetPasswordScreen({ token }: { token: string }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [account, setAccount] = useState<{ email: string } | null>(null);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .passwordReset(token)
      .then(setAccount)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")));
  }, [token, t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.resetPassword(token, password);
      window.history.replaceState(null, "", "/");
      signedIn(user);
      navigate({ name: "home" });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("common.unexpected"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth">
      <div className="auth__card">
        <BrandMark />
        <h1 className="auth__title">{t("reset.title")}</h1>
        {account && <p>{t("reset.for", { email: account.email })}</p>}
        {account && (
          <form className="form" onSubmit={submit}>
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
            <Button variant="primary" type="submit" disabled={busy} className="btn--block">
              {busy ? t("common.wait") : t("reset.submit")}
            </Button>
          </form>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <p className="auth__switch">
          <a href="/#/connexion">{t("forgot.back")}</a>
        </p>
      </div>
    </main>
  );
}
