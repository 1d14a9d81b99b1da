import { useMemo, useSyncExternalStore } from "react";
import { en } from "./en.ts";
import { fr, type MessageKey } from "./fr.ts";

/**
 * A tiny i18n layer: one French dictionary (the reference) and its English twin, `{name}`
 * placeholders, and a language kept in localStorage. Components read it through `useI18n`.
 */
export type Lang = "fr" | "en";
export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = "refstudio.lang";
const dictionaries: Record<Lang, Record<MessageKey, string>> = { fr, en };
const listeners = new Set<() => void>();

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === "en" ? "en" : "fr";
  } catch {
    return "fr";
  }
}

let current: Lang = initialLang();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  if (typeof document !== "undefined") document.documentElement.lang = lang;
  for (const listener of listeners) listener();
}

/** Formats a message of the current (or given) language; unknown placeholders are left as is. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[lang][key] ?? fr[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Whether the dictionary has a key (for values coming from the server, e.g. a status). */
export function hasMessage(key: string): key is MessageKey {
  return key in fr;
}

export const t: Translate = (key, params) => translate(current, key, params);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useI18n(): { t: Translate; lang: Lang; setLang: (lang: Lang) => void } {
  const lang = useSyncExternalStore(subscribe, getLang, getLang);
  // Stable per language, so effects that depend on `t` run again only when the language changes.
  return useMemo(() => ({ t: (key, params) => translate(lang, key, params), lang, setLang }), [lang]);
}

/**
 * One Intl formatter per language and kind, made on first use: making one costs about a
 * millisecond, and every item card formats dates (« Modifié par… il y a 5 min »).
 */
export function intlFormatter<T>(kind: string, lang: Lang, make: (locale: string) => T): T {
  const key = `${kind}:${lang}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make(lang === "fr" ? "fr-FR" : "en-GB");
    formatters.set(key, formatter);
  }
  return formatter;
}
const formatters = new Map<string, unknown>();

/** Dates in the current language, e.g. "12 mars 2025 à 14:05". */
export function formatDate(iso: string, lang: Lang = current): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return intlFormatter(
    "date",
    lang,
    (locale) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
  ).format(date);
}
