import { readThread } from "@refstudio/schema";
import { useEffect } from "react";
import { ApiError } from "../api/client.ts";
import { META_PLACE, type Place, parseRoute, placeHref } from "../app/router.ts";
import { closeVersion, comparedPair, openVersionById, wantedVersion } from "../app/versionView.ts";
import { reveal, type UiState, useWorkspace, viewOf } from "../app/workspace.ts";
import type { Store } from "../collab/store.ts";
import { showToast } from "../components/ui/Toasts.tsx";
import { t } from "../i18n/i18n.ts";
import { outlineSource } from "./useOutline.ts";

/**
 * Keeps the address bar on the place the person is looking at (view, item, thread), and the page
 * on the place of the address when it changes (Back, Forward, a pasted link). Changing view adds
 * a history entry; moving between items of the same view replaces it, so Back goes to the
 * previous view rather than through every field.
 */
export function usePlaceUrl(ready: boolean): void {
  const { ui, doc, summary } = useWorkspace();
  const id = summary.id;

  useEffect(() => {
    if (!ready) return;
    const applyFromUrl = (opening = false) => {
      const route = parseRoute(window.location.hash);
      if (route.name !== "referential" || route.id !== id) return;
      const place = route.place ?? META_PLACE;
      applyPlace(ui, doc, place, opening);
      applyHistory(ui, id, place);
    };
    applyFromUrl(true);
    const onHashChange = () => applyFromUrl();
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [ready, ui, doc, id]);

  useEffect(() => {
    if (!ready) return;
    let last = placeOf(ui.get(), id);
    const write = () => {
      const place = placeOf(ui.get(), id);
      const href = placeHref(id, place);
      if (window.location.hash === href) {
        last = place;
        return;
      }
      const newView =
        JSON.stringify([place.view, place.version, place.compare]) !==
        JSON.stringify([last.view, last.version, last.compare]);
      if (newView) window.history.pushState(null, "", href);
      else window.history.replaceState(null, "", href);
      last = place;
    };
    write();
    const unsubscribe = [ui.subscribe(write), comparedPair.subscribe(write), wantedVersion.subscribe(write)];
    return () => {
      for (const stop of unsubscribe) stop();
    };
  }, [ready, ui, id]);
}

/**
 * The version opened read-only follows the address too while the live screens are away (they are
 * replaced by the version's): Back from a version closes it, Forward or a link opens it.
 */
export function useVersionUrl(id: string): void {
  useEffect(() => {
    const fromUrl = () => {
      const route = parseRoute(window.location.hash);
      if (route.name !== "referential" || route.id !== id) return;
      const version = route.place?.version ?? null;
      if (version) openFromUrl(id, version);
      else if (wantedVersion.get()) closeVersion();
    };
    const toUrl = () => {
      const route = parseRoute(window.location.hash);
      if (route.name !== "referential" || route.id !== id) return;
      const wanted = wantedVersion.get();
      const version = wanted?.referentialId === id ? wanted.versionId : null;
      if ((route.place?.version ?? null) === version) return;
      window.history.pushState(null, "", placeHref(id, { ...(route.place ?? META_PLACE), version }));
    };
    fromUrl();
    window.addEventListener("hashchange", fromUrl);
    const unsubscribe = wantedVersion.subscribe(toUrl);
    return () => {
      window.removeEventListener("hashchange", fromUrl);
      unsubscribe();
    };
  }, [id]);
}

function openFromUrl(id: string, version: string): void {
  openVersionById(id, version).catch((e: unknown) =>
    showToast({ tone: "error", message: e instanceof ApiError ? e.message : t("common.unexpected") }),
  );
}

function placeOf(state: UiState, id: string): Place {
  const wanted = wantedVersion.get();
  return {
    view: state.view,
    item: state.item,
    thread: state.activeThread,
    version: wanted?.referentialId === id ? wanted.versionId : null,
    compare: comparedPair.get(),
  };
}

/** The comparison of the address in the Versions panel; the version of the address opened. */
function applyHistory(ui: Store<UiState>, id: string, place: Place): void {
  const compare = place.compare ?? null;
  if (JSON.stringify(compare) !== JSON.stringify(comparedPair.get())) {
    comparedPair.set(compare);
    if (compare) ui.update({ panel: "versions", panelOpen: true });
  }
  if (place.version) openFromUrl(id, place.version);
}

/**
 * Shows a place: its view, the item (brought into view) and the thread (in the comments panel).
 * `opening`: the page was just opened at this place, whose item is brought into view even though
 * the page's state already names it.
 */
function applyPlace(
  ui: Store<UiState>,
  doc: Parameters<typeof outlineSource>[0],
  place: Place,
  opening: boolean,
): void {
  const current = ui.get();
  if (
    !opening &&
    JSON.stringify([current.view, current.item, current.activeThread]) ===
      JSON.stringify([place.view, place.item, place.thread])
  )
    return;
  const outline = outlineSource(doc).get();
  const threadNode = place.thread ? readThread(doc, place.thread)?.anchor.node : undefined;
  const item = place.item ?? threadNode ?? null;
  const view = item && outline.byId.has(item) ? viewOf(outline, item) : place.view;
  ui.update({
    view,
    item,
    activeThread: place.thread,
    ...(place.thread ? { panel: "comments", panelOpen: true } : {}),
  });
  if (item && outline.byId.has(item) && (opening || item !== current.item)) reveal(ui, outline, item);
}
