import type { Collab, PresenceUser } from "./collab.ts";
import { remoteCollab } from "./remote.ts";

/**
 * One Collab per référentiel id, reference-counted. React's StrictMode mounts, unmounts and
 * mounts again: the release is deferred so the second mount reuses the same document and
 * socket instead of opening two.
 */
type Entry = { collab: Collab; refs: number; disposeTimer: ReturnType<typeof setTimeout> | null };

const entries = new Map<string, Entry>();

export function acquireCollab(
  id: string,
  user: PresenceUser,
  create: (id: string, user: PresenceUser) => Collab = remoteCollab,
): Collab {
  let entry = entries.get(id);
  if (!entry) {
    entry = { collab: create(id, user), refs: 0, disposeTimer: null };
    entries.set(id, entry);
  }
  if (entry.disposeTimer) clearTimeout(entry.disposeTimer);
  entry.disposeTimer = null;
  entry.refs += 1;
  return entry.collab;
}

export function releaseCollab(id: string): void {
  const entry = entries.get(id);
  if (!entry) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entry.disposeTimer = setTimeout(() => {
    entries.delete(id);
    entry.collab.destroy();
  }, 200);
}

/** How many référentiels are open (for tests). */
export function openCollabCount(): number {
  return entries.size;
}
