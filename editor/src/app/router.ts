import { useSyncExternalStore } from "react";

/**
 * Hash routing (`#/r/<id>`), so that any static server — the sync server included — serves the
 * app at `/` without a fallback rule. An invitation link is `/invitations/<token>` (the server
 * answers every page path with the app).
 */
/** A place inside a référentiel that a link leads to (a notification): an item, a thread, a suggestion. */
export type Place = { item?: string; thread?: string; suggestion?: string };

export type Route =
  | { name: "home" }
  | { name: "signIn" }
  | { name: "signUp" }
  | { name: "forgotPassword" }
  | { name: "account" }
  | { name: "admin" }
  | { name: "referential"; id: string; place?: Place };

const PLACE_KEYS: Record<string, keyof Place> = { i: "item", c: "thread", s: "suggestion" };

/** `/i/<item>/c/<thread>` or `/i/<item>/s/<suggestion>` after a référentiel's path. */
function parsePlace(rest: string): Place | undefined {
  const parts = rest.split("/").filter(Boolean);
  const place: Place = {};
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const key = PLACE_KEYS[parts[i] ?? ""];
    const value = parts[i + 1] ?? "";
    if (key && /^[A-Za-z0-9_-]{1,64}$/.test(value)) place[key] = value;
  }
  return Object.keys(place).length > 0 ? place : undefined;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  const match = /^\/r\/([A-Za-z0-9_-]{1,64})(\/.*)?$/.exec(path);
  if (match?.[1]) {
    const place = parsePlace(match[2] ?? "");
    return place ? { name: "referential", id: match[1], place } : { name: "referential", id: match[1] };
  }
  if (path === "/connexion") return { name: "signIn" };
  if (path === "/inscription") return { name: "signUp" };
  if (path === "/mot-de-passe-oublie") return { name: "forgotPassword" };
  if (path === "/compte") return { name: "account" };
  if (path === "/admin") return { name: "admin" };
  return { name: "home" };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case "referential":
      return `#/r/${route.id}`;
    case "signIn":
      return "#/connexion";
    case "signUp":
      return "#/inscription";
    case "forgotPassword":
      return "#/mot-de-passe-oublie";
    case "account":
      return "#/compte";
    case "admin":
      return "#/admin";
    default:
      return "#/";
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** The invitation token of the link the person opened (`/invitations/<token>` or `?invitation=`), if any. */
export function invitationToken(): string | null {
  const fromPath = /^\/invitations\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
  const token = fromPath ?? new URLSearchParams(window.location.search).get("invitation");
  return token && /^[A-Za-z0-9_-]{1,200}$/.test(token) ? token : null;
}

/** Leaves the invitation link for the app's root once the token has been used. */
export function forgetInvitationToken(): void {
  window.history.replaceState(null, "", "/");
}

/** The token of a password reset link (`/mot-de-passe/<token>`), if that is the page opened. */
export function passwordResetToken(): string | null {
  const token = /^\/mot-de-passe\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
  return token && /^[A-Za-z0-9_-]{1,200}$/.test(token) ? token : null;
}
