import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { ApiError, api } from "../api/client.ts";
import type { ActivitySession, Attribution, Change } from "../api/types.ts";
import { intlFormatter, useI18n } from "../i18n/i18n.ts";

/** Attribution is fetched again this long after the document last changed (one request for a burst of typing). */
const REFRESH_AFTER_CHANGE_MS = 3_000;
/** …and at this pace anyway, so that « il y a 5 min » stays true. */
const REFRESH_EVERY_MS = 60_000;

type Feed = {
  value: Attribution | null;
  listeners: Set<() => void>;
  stop: () => void;
};

const feeds = new Map<string, Feed>();

/** One attribution feed per référentiel, shared by every item card of the page while one is shown. */
function subscribeFeed(referentialId: string, doc: Y.Doc, listener: () => void): () => void {
  let feed = feeds.get(referentialId);
  if (!feed) {
    const created: Feed = { value: null, listeners: new Set(), stop: () => {} };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      clearTimeout(timer);
      api
        .attribution(referentialId)
        .then((value) => {
          created.value = value;
          for (const notify of created.listeners) notify();
        })
        .catch(() => undefined)
        .finally(() => {
          timer = setTimeout(load, REFRESH_EVERY_MS);
        });
    };
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(load, REFRESH_AFTER_CHANGE_MS);
    };
    doc.on("update", onUpdate);
    created.stop = () => {
      clearTimeout(timer);
      doc.off("update", onUpdate);
    };
    load();
    feeds.set(referentialId, created);
    feed = created;
  }
  const current = feed;
  current.listeners.add(listener);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size > 0) return;
    current.stop();
    feeds.delete(referentialId);
  };
}

/** The last change of a node (or "meta") and of each of its fields: who and when, from the server's history. */
export function useLastChange(
  referentialId: string,
  doc: Y.Doc,
  target: string,
): (Change & { fields: Record<string, Change> }) | null {
  const subscribe = useCallback(
    (listener: () => void) => subscribeFeed(referentialId, doc, listener),
    [referentialId, doc],
  );
  return useSyncExternalStore(subscribe, () => {
    const entry = feeds.get(referentialId)?.value?.targets[target];
    return entry ?? null;
  });
}

/** The activity sessions of a référentiel, newest first; `reload` asks again. */
export function useActivity(referentialId: string) {
  const { t } = useI18n();
  const [sessions, setSessions] = useState<ActivitySession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api
      .activity(referentialId)
      .then((answer) => {
        setSessions(answer.sessions);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t("common.unexpected")));
  }, [referentialId, t]);
  useEffect(reload, [reload]);
  return { sessions, error, reload };
}

/** « il y a 5 min », « hier »… in the current language. */
export function timeAgo(iso: string, lang: "fr" | "en", now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = intlFormatter(
    "relative",
    lang,
    (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" }),
  );
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), "hour");
  if (abs < 30 * 86_400) return format.format(Math.round(seconds / 86_400), "day");
  return format.format(Math.round(seconds / (30 * 86_400)), "month");
}
