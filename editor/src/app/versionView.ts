import { docFromSnapshot, parseSnapshot } from "@refstudio/schema";
import { createContext, useContext, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { api } from "../api/client.ts";
import type { VersionSummary } from "../api/types.ts";
import { Store } from "../collab/store.ts";
import type { ComparePair } from "./router.ts";

/**
 * The version a référentiel page shows read-only instead of the live document: its content is
 * loaded into a Y.Doc of its own that the usual screens read (outline, table, matrix, validation),
 * never connected to the server. `null`: the live document.
 */
export type OpenedVersion = { referentialId: string; version: VersionSummary; doc: Y.Doc };

const opened = new Store<OpenedVersion | null>(null);
/**
 * The version the page shows or is loading (what its URL says, `…/v/<version>`): set at once when
 * one is asked for, so the address names it while it loads.
 */
export const wantedVersion = new Store<{ referentialId: string; versionId: string } | null>(null);

/** Replaces the opened version; the previous document is freed once React has let go of it. */
function show(next: OpenedVersion | null): void {
  const previous = opened.get();
  opened.set(next);
  if (previous) setTimeout(() => previous.doc.destroy(), 0);
}

const isWanted = (referentialId: string, versionId: string) => {
  const wanted = wantedVersion.get();
  return wanted?.referentialId === referentialId && wanted.versionId === versionId;
};

/** Loads a version and shows it in place of the live document. */
export function openVersion(referentialId: string, version: VersionSummary): Promise<void> {
  return openVersionById(referentialId, version.id);
}

/** Loads a version by id (a link, a reload); nothing when it is already the one shown or loading. */
export async function openVersionById(referentialId: string, versionId: string): Promise<void> {
  if (isWanted(referentialId, versionId)) return;
  wantedVersion.set({ referentialId, versionId });
  try {
    const detail = await api.version(referentialId, versionId);
    const doc = docFromSnapshot(parseSnapshot(detail.snapshot));
    if (isWanted(referentialId, versionId)) show({ referentialId, version: detail, doc });
    else doc.destroy();
  } catch (error) {
    if (isWanted(referentialId, versionId)) wantedVersion.set(null);
    throw error;
  }
}

/** Back to the live document (« Revenir à l'actuel »). */
export function closeVersion(): void {
  if (wantedVersion.get() !== null) wantedVersion.set(null);
  show(null);
}

/** The two states compared in the side panel (`…/comparer/<a>/<b>`), or null. */
export const comparedPair = new Store<ComparePair | null>(null);

/** The version opened on this référentiel's page, if any. */
export function useOpenedVersion(referentialId: string): OpenedVersion | null {
  const value = useSyncExternalStore(opened.subscribe, opened.get);
  return value?.referentialId === referentialId ? value : null;
}

/** Set inside the read-only view of a version: components that speak of the live document hide. */
export const VersionContext = createContext<OpenedVersion | null>(null);
export const useViewedVersion = (): OpenedVersion | null => useContext(VersionContext);
