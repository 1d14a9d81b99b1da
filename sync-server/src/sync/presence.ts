import { ClientPresenceState, colorFor, PRESENCE_LIMITS, type PresenceState } from "@refstudio/schema";
import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import {
  type AwarenessEntry,
  readAwarenessEntries,
  TooManyEntriesError,
  writeAwarenessEntries,
} from "./awareness-codec.ts";
import type { ClientIds } from "./client-ids.ts";
import { CLOSE, type Refusal } from "./close-codes.ts";
import type { Peer, PeerSet } from "./peer.ts";
import { writeAwareness } from "./protocol.ts";

/** Origin of awareness changes that come from another server process. */
const REMOTE = Symbol("remote awareness");

type Accepted = { clientId: number; clock: number; state: PresenceState | null };

/**
 * The presence (awareness) of one room, checked like content before anything is relayed:
 * - a connection speaks only for the client ids it announced first (one account per id, see
 *   ClientIds), at most `PRESENCE_LIMITS.clientsPerConnection` of them;
 * - a state is a small (`PRESENCE_LIMITS.stateBytes`), valid `PresenceState` whose `user` is set
 *   by the server to the connection's account;
 * - entries that change nothing (the y-websocket client echoes every state it receives) are
 *   dropped, whoever they are about.
 * Every accepted change is broadcast to every peer (its sender included: it then sees the identity
 * the server set) and, when it comes from this process, published to the other processes.
 */
export class Presence {
  readonly awareness: awarenessProtocol.Awareness;

  constructor(
    doc: Y.Doc,
    private readonly peers: PeerSet,
    private readonly ids: ClientIds,
    private readonly publish: ((update: Uint8Array) => void) | undefined,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onUpdate);
  }

  /** How many client ids have a state. */
  get size(): number {
    return this.awareness.getStates().size;
  }

  /** One frame with every current state (for a peer that joins or asks). */
  statesFrame(): Uint8Array {
    const clients = [...this.awareness.getStates().keys()];
    return writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Checks and applies a peer's awareness update; a refusal changes nothing. */
  applyFromPeer(peer: Peer, update: Uint8Array): Refusal | null {
    let entries: AwarenessEntry[];
    try {
      // An honest client sends its own ids and echoes the states it knows: never more.
      entries = readAwarenessEntries(update, this.awareness.meta.size + PRESENCE_LIMITS.clientsPerConnection);
    } catch (error) {
      if (error instanceof TooManyEntriesError) {
        return refusal(CLOSE.flood, "Présence refusée : trop d'identifiants", error.message);
      }
      return refusal(CLOSE.malformed, "Présence illisible", (error as Error).message);
    }
    const accepted: Accepted[] = [];
    let newIds = 0;
    for (const entry of entries) {
      if (entry.bytes > PRESENCE_LIMITS.stateBytes) {
        return refusal(CLOSE.tooLarge, "Présence trop volumineuse", `${entry.bytes} octets`);
      }
      const mine = this.ids.speakerOf(entry.clientId) === peer;
      // Not newer than what the server has: changes nothing (an echo), whoever it is about.
      if (!mine && entry.clock <= (this.awareness.meta.get(entry.clientId)?.clock ?? -1)) continue;
      const owner = this.ids.userOf(entry.clientId);
      if (owner !== undefined && owner !== peer.userId) {
        return refusal(
          CLOSE.forbidden,
          "Présence refusée : identifiant d'un autre membre",
          `client ${entry.clientId}`,
        );
      }
      if (!mine && this.ids.spokenCount(peer) + ++newIds > PRESENCE_LIMITS.clientsPerConnection) {
        return refusal(CLOSE.flood, "Présence refusée : trop d'identifiants", `client ${entry.clientId}`);
      }
      const checked = this.checkState(peer, entry);
      if ("code" in checked) return checked;
      accepted.push({ clientId: entry.clientId, clock: entry.clock, state: checked.state });
    }
    if (accepted.length === 0) return null;
    for (const { clientId } of accepted) this.ids.speak(peer, clientId);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, writeAwarenessEntries(accepted), peer);
    return null;
  }

  /** Awareness from another process (checked there): its states keep their account here too. */
  applyRemote(update: Uint8Array): void {
    const entries = readAwarenessEntries(update, Number.MAX_SAFE_INTEGER).flatMap((entry): Accepted[] => {
      const state = JSON.parse(entry.json) as PresenceState | null;
      const user = state?.user?.id;
      const owner = this.ids.userOf(entry.clientId);
      // This process's own connections and accounts win over what another process relays.
      if (
        this.ids.speakerOf(entry.clientId) ||
        (owner !== undefined && user !== undefined && owner !== user)
      ) {
        return [];
      }
      if (user !== undefined) this.ids.speakRemotely(entry.clientId, user);
      return [{ clientId: entry.clientId, clock: entry.clock, state }];
    });
    if (entries.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, writeAwarenessEntries(entries), REMOTE);
    }
  }

  /** Removes the states a peer spoke for (it left). */
  removePeer(peer: Peer): void {
    awarenessProtocol.removeAwarenessStates(this.awareness, this.ids.release(peer), null);
  }

  destroy(): void {
    this.awareness.off("update", this.onUpdate);
    this.awareness.destroy();
  }

  /** A valid state with the connection's own identity, or why not. */
  private checkState(peer: Peer, entry: AwarenessEntry): { state: PresenceState | null } | Refusal {
    let value: unknown;
    try {
      value = JSON.parse(entry.json);
    } catch {
      return refusal(CLOSE.malformed, "Présence illisible", "JSON invalide");
    }
    if (value === null) return { state: null };
    const parsed = ClientPresenceState.safeParse(value);
    if (!parsed.success) {
      return refusal(CLOSE.malformed, "Présence invalide", parsed.error.issues[0]?.path.join(".") ?? "état");
    }
    const claimed = parsed.data.user?.id;
    if (claimed !== undefined && claimed !== peer.userId) {
      return refusal(CLOSE.forbidden, "Présence refusée : elle se présente comme un autre membre", "user.id");
    }
    return {
      state: { ...parsed.data, user: { id: peer.userId, name: peer.userName, color: colorFor(peer.userId) } },
    };
  }

  private readonly onUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    for (const client of changes.removed) this.ids.silence(client);
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    // To its sender too, as y-websocket's server does: a client alone on a document hears its own
    // presence renewed every 15 s, without which its provider reconnects after 30 s of silence.
    this.peers.broadcast(writeAwareness(update), null);
    if (origin !== REMOTE) this.publish?.(update);
  };
}

function refusal(code: number, reason: string, detail: string): Refusal {
  return { code, reason, detail };
}
