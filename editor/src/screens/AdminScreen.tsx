import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import type { Account, ReferentialOverview } from "../api/types.ts";
import { useUser } from "../app/session.tsx";
import { BrandMark } from "../components/BrandMark.tsx";
import { UserMenu } from "../components/UserMenu.tsx";
import { Button } from "../components/ui/Button.tsx";
import { showToast } from "../components/ui/Toasts.tsx";
import { formatDate, useI18n } from "../i18n/i18n.ts";

/**
 * The administration (administrators): accounts — disable, enable, make administrator, a reset
 * link to hand over —, the sign-up policy, and every référentiel with its owners.
 */
export function AdminScreen() {
  const me = useUser();
  const { t, lang } = useI18n();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [referentials, setReferentials] = useState<ReferentialOverview[]>([]);
  const [settings, setSettings] = useState<{ signup: "open" | "invitation"; mail: boolean } | null>(null);
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = useCallback(
    (e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")),
    [t],
  );
  const load = useCallback(() => {
    api.adminAccounts().then((a) => setAccounts(a.accounts), fail);
    api.adminReferentials().then((r) => setReferentials(r.referentials), fail);
    api.adminSettings().then(setSettings, fail);
  }, [fail]);
  useEffect(load, [load]);

  const change = (account: Account, patch: { disabled?: boolean; admin?: boolean }) => {
    setError(null);
    api.adminUpdateAccount(account.id, patch).then(load, fail);
  };

  if (!me.admin) {
    return (
      <main className="splash">
        <p className="form-error" role="alert">
          {t("admin.only")}
        </p>
        <a href="#/">{t("account.back")}</a>
      </main>
    );
  }

  return (
    <div className="page">
      <header className="topbar">
        <a href="#/" aria-label={t("account.back")}>
          <BrandMark compact />
        </a>
        <UserMenu />
      </header>
      <main className="home admin">
        <div className="home__head">
          <h1 className="home__title">{t("admin.title")}</h1>
          <a href="#/">{t("account.back")}</a>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {settings && (
          <section aria-labelledby="admin-signup">
            <h2 id="admin-signup">{t("admin.signup")}</h2>
            <p className="muted">{settings.mail ? t("admin.mailOn") : t("admin.mailOff")}</p>
            <label className="field">
              <span className="field__label">{t("admin.signup")}</span>
              <select
                className="select"
                value={settings.signup}
                onChange={(e) =>
                  api
                    .adminSetSignup(e.target.value as "open" | "invitation")
                    .then((answer) => {
                      setSettings(answer);
                      showToast({ tone: "success", message: t("admin.signupSaved") });
                    })
                    .catch(fail)
                }
              >
                <option value="invitation">{t("admin.signup.invitation")}</option>
                <option value="open">{t("admin.signup.open")}</option>
              </select>
            </label>
          </section>
        )}
        <section aria-labelledby="admin-accounts">
          <h2 id="admin-accounts">{t("admin.accounts")}</h2>
          {link && (
            <div className="invite-link" role="status">
              <p>{t("admin.resetLinkMade", { name: link.name })}</p>
              <code>{link.url}</code>
            </div>
          )}
          <table className="ref-table">
            <thead>
              <tr>
                <th scope="col">{t("admin.name")}</th>
                <th scope="col">{t("admin.email")}</th>
                <th scope="col">{t("admin.status")}</th>
                <th scope="col">{t("admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id}>
                  <td>
                    {account.name} {account.admin && <span className="badge">{t("admin.adminBadge")}</span>}
                  </td>
                  <td>{account.email}</td>
                  <td>{account.disabled ? t("admin.disabled") : t("admin.active")}</td>
                  <td>
                    {account.id !== me.id && (
                      <>
                        <Button size="sm" onClick={() => change(account, { disabled: !account.disabled })}>
                          {account.disabled ? t("admin.enable") : t("admin.disable")}
                        </Button>{" "}
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => change(account, { admin: !account.admin })}
                        >
                          {account.admin ? t("admin.removeAdmin") : t("admin.makeAdmin")}
                        </Button>{" "}
                      </>
                    )}
                    <Button
                      size="sm"
                      variant="ghost"
                      icon="link"
                      onClick={() =>
                        api
                          .adminResetLink(account.id)
                          .then((answer) => setLink({ name: account.name, url: answer.url }))
                          .catch(fail)
                      }
                    >
                      {t("admin.resetLink")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="admin-referentials">
          <h2 id="admin-referentials">{t("admin.referentials")}</h2>
          <table className="ref-table">
            <thead>
              <tr>
                <th scope="col">{t("admin.referentials")}</th>
                <th scope="col">{t("admin.owners")}</th>
                <th scope="col">{t("admin.members")}</th>
                <th scope="col">{t("admin.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {referentials.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.title || t("meta.untitled")}{" "}
                    {r.rncpCode && <span className="tag mono">{r.rncpCode}</span>}
                  </td>
                  <td>{r.owners.map((o) => `${o.name} (${o.email})`).join(", ")}</td>
                  <td>{r.members}</td>
                  <td>{formatDate(r.updatedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </div>
  );
}
