import type { ActivitySession } from "../../api/types.ts";
import { useWorkspace } from "../../app/workspace.ts";
import { useActivity } from "../../hooks/useHistory.ts";
import { type Lang, useI18n } from "../../i18n/i18n.ts";
import { Button } from "../ui/Button.tsx";

/** Items named per bloc in a session; the rest are counted. */
const MAX_ITEMS = 8;

/** Who worked on the référentiel, when, on which blocs and items, and how much: one entry per work session. */
export function ActivityList() {
  const { summary } = useWorkspace();
  const { t, lang } = useI18n();
  const { sessions, error, reload } = useActivity(summary.id);
  return (
    <section className="activity" aria-labelledby="activity-title">
      <div className="activity__head">
        <h3 id="activity-title" className="side__heading">
          {t("history.activity")}
        </h3>
        <Button size="sm" variant="ghost" onClick={reload}>
          {t("history.refresh")}
        </Button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {sessions === null && !error && <p className="muted">{t("common.loading")}</p>}
      {sessions?.length === 0 && <p className="muted side__empty">{t("history.noActivity")}</p>}
      <ol className="activity__list">
        {sessions?.map((session) => (
          <li key={`${session.by.id}-${session.start}`} className="session">
            <p className="session__who">
              <strong>{session.by.name}</strong> <span className="muted">{period(session, lang)}</span>
            </p>
            <p className="session__much">
              {t("history.sessionAmount", {
                updates: session.updates,
                inserted: session.inserted,
                deleted: session.deleted,
              })}
            </p>
            <ul className="session__where">
              {session.fiche && <li>{t("history.fiche")}</li>}
              {session.blocs.map((entry) => (
                <li key={entry.bloc?.id ?? "transversal"}>
                  <span className="mono">{entry.bloc?.code ?? t("history.transversal")}</span>
                  {entry.bloc?.label && ` ${entry.bloc.label}`}
                  {entry.items.length > 0 && (
                    <span className="muted">
                      {" — "}
                      {entry.items
                        .slice(0, MAX_ITEMS)
                        .map((item) => item.code)
                        .join(", ")}
                      {entry.items.length > MAX_ITEMS &&
                        ` ${t("history.moreItems", { count: entry.items.length - MAX_ITEMS })}`}
                    </span>
                  )}
                </li>
              ))}
              {session.comments && <li>{t("history.commentsTouched")}</li>}
              {session.deletedItems > 0 && (
                <li className="muted">{t("history.deletedItems", { count: session.deletedItems })}</li>
              )}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** « 12 mars 2025, 14:05 – 15:40 » (the end's day too when it differs). */
function period(session: ActivitySession, lang: Lang): string {
  const locale = lang === "fr" ? "fr-FR" : "en-GB";
  const start = new Date(session.start);
  const end = new Date(session.end);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  const sameDay = day.format(start) === day.format(end);
  return sameDay
    ? `${day.format(start)}, ${time.format(start)} – ${time.format(end)}`
    : `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
}
