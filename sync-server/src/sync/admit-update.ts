import * as Y from "yjs";
import { authorizeUpdate } from "./authorize.ts";
import type { ClientIds } from "./client-ids.ts";
import { CLOSE, type Refusal } from "./close-codes.ts";
import type { Peer } from "./peer.ts";
import { inspectUpdate, TooDeepError, UnresolvableUpdateError } from "./update-inspection.ts";

/**
 * What the room stores for an incoming update (null: nothing new), or why it is refused;
 * `missing` when the update builds on something this document lacks (the store may have it).
 */
export type Admission =
  | { ok: true; update: Uint8Array | null }
  | ({ ok: false; missing?: boolean } & Refusal);

/**
 * The checks of one incoming update, in order: inspect (decode and resolve what it touches),
 * authorize (role, comment authorship, structure), client-id ownership. Claims the update's
 * client ids for the peer when it is admitted.
 */
export function admitUpdate(doc: Y.Doc, update: Uint8Array, peer: Peer, clientIds: ClientIds): Admission {
  let inspection: ReturnType<typeof inspectUpdate>;
  try {
    inspection = inspectUpdate(doc, update);
  } catch (error) {
    if (error instanceof UnresolvableUpdateError || error instanceof TooDeepError) {
      const missing = error instanceof UnresolvableUpdateError && error.missing;
      return refused(CLOSE.structure, "Modification incohérente avec le document", error.message, missing);
    }
    return refused(CLOSE.malformed, "Mise à jour illisible", (error as Error).message);
  }
  const verdict = authorizeUpdate(inspection, peer);
  if (!verdict.ok) return verdict;
  if (inspection.empty) return { ok: true, update: null };
  const taken = clientIds.takenFrom(peer.userId, inspection.clients);
  if (taken !== undefined) {
    return refused(
      CLOSE.forbidden,
      "Modification refusée : identifiant de client déjà utilisé",
      `client ${taken}`,
    );
  }
  clientIds.claimWrites(peer.userId, inspection.clients);
  // Only what the document lacks is stored and broadcast (usually the whole update).
  return {
    ok: true,
    update: inspection.partlyKnown ? Y.diffUpdate(update, Y.encodeStateVector(doc)) : update,
  };
}

function refused(code: number, reason: string, detail: string, missing = false): Admission {
  return { ok: false, code, reason, detail, missing };
}
