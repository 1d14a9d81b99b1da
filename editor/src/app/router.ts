import { useSyncExternalStore } from "react";

/**
 * Hash routing (`#/r/<id>`), so that any static server — the sync server included — serves the
 * app at `/` without a fallback rule. An invitation link is `/invitations/<token>` (the server
 * answers every page path with the app).
 */
export type Route =
  | { name: "home" }
  | { name: "signIn" }
  | { name: "signUp" }
  | { name: "referential"; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  const match = /^\/r\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path);
  if (match?.[1]) return { name: "referential", id: match[1] };
  if (path === "/connexion") return { name: "signIn" };
  if (path === "/inscription") return { name: "signUp" };
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
