import { docFromSnapshot, parseSnapshot } from "@refstudio/schema";
import { createContext, useContext, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { api } from "../api/client.ts";
import type { VersionSummary } from "../api/types.ts";
import { Store } from "../collab/store.ts";

/**
 * The version a référentiel page shows read-only instead of the live document: its content is
 * loaded into a Y.Doc of its own that the usual screens read (outline, table, matrix, validation),
 * never connected to the server. `null`: the live document.
 */
export type OpenedVersion = { referentialId: string; version: VersionSummary; doc: Y.Doc };

const opened = new Store<OpenedVersion | null>(null);

/** Replaces the opened version; the previous document is freed once React has let go of it. */
function show(next: OpenedVersion | null): void {
  const previous = opened.get();
  opened.set(next);
  if (previous) setTimeout(() => previous.doc.destroy(), 0);
}

/** Loads a version and shows it in place of the live document. */
export async function openVersion(referentialId: string, version: VersionSummary): Promise<void> {
  const detail = await api.version(referentialId, version.id);
  const doc = docFromSnapshot(parseSnapshot(detail.snapshot));
  show({ referentialId, version, doc });
}

/** Back to the live document (« Revenir à l'actuel »). */
export function closeVersion(): void {
  show(null);
}

/** The version opened on this référentiel's page, if any. */
export function useOpenedVersion(referentialId: string): OpenedVersion | null {
  const value = useSyncExternalStore(opened.subscribe, opened.get);
  return value?.referentialId === referentialId ? value : null;
}

/** Set inside the read-only view of a version: components that speak of the live document hide. */
export const VersionContext = createContext<OpenedVersion | null>(null);
export const useViewedVersion = (): OpenedVersion | null => useContext(VersionContext);
