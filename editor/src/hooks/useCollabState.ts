import { useMemo, useSyncExternalStore } from "react";
import type { Collab, ConnectionState, PresenceFocus, PresenceUser } from "../collab/collab.ts";

/** The connection state shown in the header. */
export function useConnection(collab: Collab): ConnectionState {
  return useSyncExternalStore(collab.connection.subscribe, collab.connection.get);
}

export type Peer = { clientId: number; user: PresenceUser; focus: PresenceFocus | null };

type PeerSource = { subscribe: (onChange: () => void) => () => void; read: () => Peer[] };
const peerSources = new WeakMap<Collab, PeerSource>();

/** One shared reading of awareness per document: recomputed once per change, not once per component. */
function peerSource(collab: Collab): PeerSource {
  const known = peerSources.get(collab);
  if (known) return known;
  const { awareness } = collab;
  let cached: Peer[] = [];
  let key = "";
  let dirty = true;
  const read = () => {
    if (!dirty) return cached;
    dirty = false;
    const byUser = new Map<string, Peer>();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const user = state.user as PresenceUser | undefined;
      if (!user?.id || !user.name) continue;
      const focus = (state.focus as PresenceFocus | null | undefined) ?? null;
      const seen = byUser.get(user.id);
      if (!seen || (!seen.focus && focus)) byUser.set(user.id, { clientId, user, focus });
    }
    const peers = [...byUser.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
    const nextKey = JSON.stringify(peers.map((p) => [p.user, p.focus]));
    if (nextKey !== key) {
      key = nextKey;
      cached = peers;
    }
    return cached;
  };
  const source: PeerSource = {
    subscribe: (onChange) => {
      const listener = () => {
        dirty = true;
        onChange();
      };
      awareness.on("change", listener);
      return () => awareness.off("change", listener);
    },
    read,
  };
  peerSources.set(collab, source);
  return source;
}

/** The other people on this référentiel, from awareness (one entry per person, not per tab). */
export function usePeers(collab: Collab): Peer[] {
  const source = peerSource(collab);
  return useSyncExternalStore(source.subscribe, source.read);
}

/** The people whose focus is in one node (for the marker on its card). */
export function usePeersOn(collab: Collab, nodeId: string): PresenceUser[] {
  const peers = usePeers(collab);
  return useMemo(
    () => peers.filter((peer) => peer.focus?.nodeId === nodeId).map((peer) => peer.user),
    [peers, nodeId],
  );
}

/** Tells the others which field I am in (shown on my avatar and on the item). */
export function setMyFocus(collab: Collab, focus: PresenceFocus | null): void {
  collab.awareness.setLocalStateField("focus", focus);
}

/** Whether undo and redo have something to do. */
export function useUndoState(collab: Collab): { canUndo: boolean; canRedo: boolean } {
  const { undo } = collab;
  const source = useMemo(() => {
    const read = () => `${undo.canUndo() ? 1 : 0}${undo.canRedo() ? 1 : 0}`;
    return {
      subscribe: (onChange: () => void) => {
        const events = [
          "stack-item-added",
          "stack-item-popped",
          "stack-cleared",
          "stack-item-updated",
        ] as const;
        for (const event of events) undo.on(event, onChange);
        return () => {
          for (const event of events) undo.off(event, onChange);
        };
      },
      read,
    };
  }, [undo]);
  const flags = useSyncExternalStore(source.subscribe, source.read);
  return { canUndo: flags[0] === "1", canRedo: flags[1] === "1" };
}
