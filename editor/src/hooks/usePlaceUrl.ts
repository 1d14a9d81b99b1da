import { readThread } from "@refstudio/schema";
import { useEffect } from "react";
import { META_PLACE, type Place, parseRoute, placeHref } from "../app/router.ts";
import { reveal, type UiState, useWorkspace, viewOf } from "../app/workspace.ts";
import type { Store } from "../collab/store.ts";
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
      if (route.name === "referential" && route.id === id)
        applyPlace(ui, doc, route.place ?? META_PLACE, opening);
    };
    applyFromUrl(true);
    const onHashChange = () => applyFromUrl();
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [ready, ui, doc, id]);

  useEffect(() => {
    if (!ready) return;
    let last = placeOf(ui.get());
    const write = () => {
      const place = placeOf(ui.get());
      const href = placeHref(id, place);
      if (window.location.hash === href) {
        last = place;
        return;
      }
      const newView = JSON.stringify(place.view) !== JSON.stringify(last.view);
      if (newView) window.history.pushState(null, "", href);
      else window.history.replaceState(null, "", href);
      last = place;
    };
    write();
    return ui.subscribe(write);
  }, [ready, ui, id]);
}

function placeOf(state: UiState): Place {
  return { view: state.view, item: state.item, thread: state.activeThread };
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
  if (!opening && JSON.stringify(placeOf(current)) === JSON.stringify(place)) return;
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
