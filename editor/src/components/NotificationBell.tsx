import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client.ts";
import type { AppNotification } from "../api/types.ts";
import { formatDate, useI18n } from "../i18n/i18n.ts";
import { notificationExcerpt, notificationSummary } from "./notificationText.ts";
import { Icon } from "./ui/Icon.tsx";
import "../styles/review.css";

/** How often the bell asks for news (and whenever the window gets the focus again). */
const POLL_MS = 20_000;

/**
 * The bell: how many notifications I have not read, and the list (mentions, replies, suggestions
 * on my items, decisions on mine, role changes, invitations), each a link to the exact place.
 */
export function NotificationBell() {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<AppNotification[]>([]);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api
      .notifications()
      .then((answer) => {
        setUnread(answer.unread);
        setItems(answer.notifications);
      })
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    window.addEventListener("focus", load);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", load);
    };
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const follow = (n: AppNotification) => {
    setOpen(false);
    if (!n.read) void api.markRead([n.id]).then(load, () => undefined);
  };

  return (
    <div className="bell" ref={box}>
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        title={t("notify.bell")}
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          if (!open) load();
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") setOpen(false);
        }}
      >
        <Icon name="bell" />
        <span className="sr-only">{t("notify.bell")} </span>
        {unread > 0 && (
          <span className="bell__count">
            {unread > 99 ? "99+" : unread}
            <span className="sr-only"> {t("notify.unread")}</span>
          </span>
        )}
      </button>
      {open && (
        <div
          className="bell__panel"
          role="dialog"
          aria-label={t("notify.bell")}
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
          }}
        >
          {items.length === 0 ? (
            <p className="muted">{t("notify.empty")}</p>
          ) : (
            <>
              {unread > 0 && (
                <button type="button" className="link-button" onClick={() => void api.markRead().then(load)}>
                  {t("notify.markAll")}
                </button>
              )}
              <ul className="bell__list">
                {items.map((n) => (
                  <li key={n.id} className={`bell__item${n.read ? "" : " bell__item--unread"}`}>
                    <a href={n.href} onClick={() => follow(n)}>
                      {notificationSummary(n, t)}
                      {n.excerpt && <span className="bell__excerpt">{notificationExcerpt(n)}</span>}
                      <span className="bell__excerpt">{formatDate(n.createdAt, lang)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
