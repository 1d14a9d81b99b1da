import { PASSWORD_MIN_LENGTH } from "@refstudio/schema";
import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import type { Invitation } from "../api/types.ts";
import { forgetInvitationToken, invitationToken, navigate } from "../app/router.ts";
import { useSession } from "../app/session.tsx";
import { BrandMark } from "../components/BrandMark.tsx";
import { Button } from "../components/ui/Button.tsx";
import { useI18n } from "../i18n/i18n.ts";

/** Sign-in and sign-up (the latter with the invitation of the link the person opened). */
export function AuthScreen({ mode }: { mode: "signIn" | "signUp" }) {
  const { t } = useI18n();
  const { signedIn, state } = useSession();
  const token = invitationToken();
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [invitationError, setInvitationError] = useState<{ status: number; message: string } | null>(null);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(
    state.status === "signedOut" ? (state.error ?? null) : null,
  );
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  useEffect(() => {
    if (!token) return;
    api
      .invitation(token)
      .then((found) => {
        setInvitation(found);
        setEmail(found.email);
      })
      .catch((e: unknown) =>
        setInvitationError(
          e instanceof ApiError
            ? { status: e.status, message: e.message }
            : { status: 0, message: String(e) },
        ),
      );
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } =
        mode === "signIn"
          ? await api.signIn(email.trim(), password)
          : await api.signUp({
              email: email.trim(),
              name: name.trim(),
              password,
              invitation: token ?? undefined,
            });
      if (token) forgetInvitationToken();
      signedIn(user);
      navigate({ name: "home" });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("common.unexpected"));
    } finally {
      setBusy(false);
    }
  };

  const signUp = mode === "signUp";
  // A link that can no longer be used gets its own page, not a sign-up form that would fail.
  if (invitationError && (invitationError.status === 404 || invitationError.status === 410)) {
    return <InvitationProblem used={invitationError.status === 410} message={invitationError.message} />;
  }
  return (
    <main className="auth">
      <div className="auth__card">
        <BrandMark />
        <h1 className="auth__title">{signUp ? t("auth.signUpTitle") : t("auth.signInTitle")}</h1>
        {invitation && (
          <p className="auth__invitation">
            {t("auth.invited", { title: invitation.referentialTitle, role: t(`role.${invitation.role}`) })}
          </p>
        )}
        {invitationError && (
          <p className="form-error" role="alert">
            {invitationError.message}
          </p>
        )}
        <form onSubmit={submit} className="form" aria-describedby={error ? errorId : undefined}>
          {signUp && (
            <label className="field">
              <span className="field__label">{t("auth.name")}</span>
              <input
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="name"
                required
                maxLength={200}
              />
            </label>
          )}
          <label className="field">
            <span className="field__label">{t("auth.email")}</span>
            <input
              className="input"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
              required
              readOnly={signUp && invitation !== null}
            />
          </label>
          <label className="field">
            <span className="field__label">{t("auth.password")}</span>
            <input
              className="input"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete={signUp ? "new-password" : "current-password"}
              required
              minLength={signUp ? PASSWORD_MIN_LENGTH : 1}
            />
            {signUp && (
              <span className="field__hint">{t("auth.passwordRule", { min: PASSWORD_MIN_LENGTH })}</span>
            )}
          </label>
          {error && (
            <p id={errorId} className="form-error" role="alert">
              {error}
            </p>
          )}
          <Button variant="primary" type="submit" disabled={busy} className="btn--block">
            {busy ? t("common.wait") : signUp ? t("auth.signUp") : t("auth.signIn")}
          </Button>
        </form>
        {!signUp && (
          <p className="auth__switch">
            <a href="#/mot-de-passe-oublie">{t("auth.forgot")}</a>
          </p>
        )}
        <p className="auth__switch">
          {signUp ? t("auth.haveAccount") : t("auth.noAccount")}{" "}
          <a href={signUp ? "#/connexion" : "#/inscription"}>
            {signUp ? t("auth.signIn") : t("auth.signUp")}
          </a>
        </p>
      </div>
    </main>
  );
}

/** The page of an invitation link that is used already or unknown: says which, and where to go. */
function InvitationProblem({ used, message }: { used: boolean; message: string }) {
  const { t } = useI18n();
  return (
    <main className="auth">
      <div className="auth__card">
        <BrandMark />
        <h1 className="auth__title">{used ? t("invitation.usedTitle") : t("invitation.unknownTitle")}</h1>
        <p role="alert">{message}</p>
        <p className="muted">{used ? t("invitation.usedHelp") : t("invitation.unknownHelp")}</p>
        <Button
          variant="primary"
          className="btn--block"
          onClick={() => {
            forgetInvitationToken();
            navigate({ name: "signIn" });
          }}
        >
          {t("auth.signIn")}
        </Button>
      </div>
    </main>
  );
}
