import { useSyncExternalStore } from "react";

/** Below this width the side panel is a drawer over the page rather than a column beside it. */
export const NARROW_QUERY = "(max-width: 1279px)";

function subscribe(listener: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

export function isNarrowScreen(): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia(NARROW_QUERY).matches
    : false;
}

/** Whether the window is narrower than ~1280 px (re-renders when it crosses the line). */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, isNarrowScreen, () => false);
}
