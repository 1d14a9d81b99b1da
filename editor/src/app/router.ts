import { useSyncExternalStore } from "react";

/**
 * Hash routing (`#/r/<id>/b/<bloc>/i/<item>`), so that any static server — the sync server
 * included — serves the app at `/` without a fallback rule, and the service worker only ever
 * caches `/`. An invitation link is `/invitations/<token>` (the server answers every page path
 * with the app).
 *
 * Every place of a référentiel has a URL: the fiche, a bloc (card or table view), an item in it,
 * a comment thread, the matrix. Add a route by extending `Route`, `parseRoute` and `routeHref`.
 */

/** What the centre of the référentiel page shows. */
export type View =
  | { name: "meta" }
  | { name: "bloc"; id: string }
  | { name: "transversal" }
  | { name: "orphans" }
  | { name: "matrix" };

/** Two states compared in the side panel: version ids, or "current" for the live document. */
export type ComparePair = { from: string; to: string };

/**
 * A place inside a référentiel: a view, and optionally an item, a comment thread or a suggested
 * edit in it (a notification's link leads to those); a version opened read-only (`/v/<version>`)
 * or two states compared (`/comparer/<a>/<b>`, `actuelle` for the live document).
 */
export type Place = {
  view: View;
  item: string | null;
  thread: string | null;
  suggestion?: string | null;
  version?: string | null;
  compare?: ComparePair | null;
};

export type Route =
  | { name: "home" }
  | { name: "signIn" }
  | { name: "signUp" }
  | { name: "forgotPassword" }
  | { name: "account" }
  | { name: "admin" }
  /** `place` defaults to the fiche. */
  | { name: "referential"; id: string; place?: Place };

const ID = "[A-Za-z0-9_-]{1,64}";
const VIEW_SEGMENTS: Record<string, View["name"]> = {
  matrice: "matrix",
  transversal: "transversal",
  orphelins: "orphans",
};
const SEGMENT_OF: Partial<Record<View["name"], string>> = {
  matrix: "matrice",
  transversal: "transversal",
  orphans: "orphelins",
};

export const META_PLACE: Place = { view: { name: "meta" }, item: null, thread: null };

/** The live document is `actuelle` in a comparison's URL, "current" for the API. */
const CURRENT_SEGMENT = "actuelle";
const compareSegment = (side: string) => (side === "current" ? CURRENT_SEGMENT : side);
function compareSide(segment: string | undefined): string | null {
  if (segment === CURRENT_SEGMENT) return "current";
  return segment !== undefined && new RegExp(`^${ID}$`).test(segment) ? segment : null;
}

function parsePlace(rest: string): Place {
  const place: Place = { view: { name: "meta" }, item: null, thread: null };
  const parts = rest.split("/").filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const next = parts[i + 1];
    const valid = next !== undefined && new RegExp(`^${ID}$`).test(next);
    if (part === "b" && valid) {
      place.view = { name: "bloc", id: next };
      i += 1;
    } else if (part === "i" && valid) {
      place.item = next;
      i += 1;
    } else if (part === "c" && valid) {
      place.thread = next;
      i += 1;
    } else if (part === "s" && valid) {
      place.suggestion = next;
      i += 1;
    } else if (part === "v" && valid) {
      place.version = next;
      i += 1;
    } else if (part === "comparer" && compareSide(next) && compareSide(parts[i + 2])) {
      place.compare = { from: compareSide(next)!, to: compareSide(parts[i + 2])! };
      i += 2;
    } else if (VIEW_SEGMENTS[part]) {
      place.view = { name: VIEW_SEGMENTS[part] } as View;
    }
  }
  return place;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  const match = new RegExp(`^/r/(${ID})(/.*)?$`).exec(path);
  if (match?.[1]) return { name: "referential", id: match[1], place: parsePlace(match[2] ?? "") };
  if (path === "/connexion") return { name: "signIn" };
  if (path === "/inscription") return { name: "signUp" };
  if (path === "/mot-de-passe-oublie") return { name: "forgotPassword" };
  if (path === "/compte") return { name: "account" };
  if (path === "/admin") return { name: "admin" };
  return { name: "home" };
}

/** The hash of a place in a référentiel (`#/r/<id>`, `…/b/<bloc>`, `…/b/<bloc>/i/<item>/c/<thread>`). */
export function placeHref(id: string, place: Place): string {
  let href = `#/r/${id}`;
  const { view } = place;
  if (view.name === "bloc") href += `/b/${view.id}`;
  else if (SEGMENT_OF[view.name]) href += `/${SEGMENT_OF[view.name]}`;
  if (place.item) href += `/i/${place.item}`;
  if (place.thread) href += `/c/${place.thread}`;
  if (place.suggestion) href += `/s/${place.suggestion}`;
  if (place.version) href += `/v/${place.version}`;
  if (place.compare)
    href += `/comparer/${compareSegment(place.compare.from)}/${compareSegment(place.compare.to)}`;
  return href;
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case "referential":
      return placeHref(route.id, route.place ?? META_PLACE);
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

/** The absolute URL of a place (for « Copier le lien »). */
export function placeUrl(id: string, place: Place): string {
  return `${window.location.origin}/${placeHref(id, place)}`;
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
