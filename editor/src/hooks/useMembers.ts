import { useCallback, useSyncExternalStore } from "react";
import { api } from "../api/client.ts";
import type { Member } from "../api/types.ts";

/** A list older than this is asked for again when one more component needs it. */
const FRESH_MS = 60_000;
const NONE: Member[] = [];

type Entry = { members: Member[]; askedAt: number; listeners: Set<() => void> };

/**
 * One member list per référentiel, shared by every component that shows names: each rich-text
 * field needs them (authors of suggestions), and a bloc mounts dozens of fields at once.
 */
const lists = new Map<string, Entry>();

function ask(referentialId: string, entry: Entry): void {
  entry.askedAt = Date.now();
  api
    .members(referentialId)
    .then((answer) => {
      entry.members = answer.members;
      for (const listener of entry.listeners) listener();
    })
    .catch(() => undefined);
}

function subscribe(referentialId: string, listener: () => void): () => void {
  let entry = lists.get(referentialId);
  if (!entry) {
    entry = { members: NONE, askedAt: 0, listeners: new Set() };
    lists.set(referentialId, entry);
  }
  if (Date.now() - entry.askedAt > FRESH_MS) ask(referentialId, entry);
  entry.listeners.add(listener);
  const own = entry;
  return () => {
    own.listeners.delete(listener);
  };
}

/** The référentiel's members (names for authors, people to mention); empty until the server answers. */
export function useMembers(referentialId: string): Member[] {
  const onChange = useCallback((listener: () => void) => subscribe(referentialId, listener), [referentialId]);
  return useSyncExternalStore(onChange, () => lists.get(referentialId)?.members ?? NONE);
}
