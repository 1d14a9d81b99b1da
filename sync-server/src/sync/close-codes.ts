/**
 * WebSocket close codes of API.md. The 44xx range tells the y-websocket client not to reconnect
 * (a deliberate refusal); reasons are French and short (a close reason is at most 123 bytes).
 */
export const CLOSE = {
  /** A frame, update or presence state that does not decode or is not valid. */
  malformed: 4400,
  /** Membership removed, signed out, or session expired. */
  removed: 4401,
  /** Not allowed: the role, an archived référentiel, someone else's client id or identity. */
  forbidden: 4403,
  /** The update would break the document's structure. */
  structure: 4409,
  /** The référentiel was deleted by an owner. */
  deleted: 4410,
  /** A message over MAX_MESSAGE_BYTES, or a presence state over its cap. */
  tooLarge: 4413,
  /** Too many messages, or presence for too many client ids. */
  flood: 4429,
  /** Standard "try again later": the socket fell too far behind reading; the client reconnects. */
  slow: 1013,
  /** Standard "internal error": the document could not be opened. The client retries later. */
  internal: 1011,
  /** Standard "going away": the server is shutting down. */
  shutdown: 1001,
} as const;

/** The metric label and log name of each refusal. */
export const REFUSAL_NAMES: Record<number, string> = {
  [CLOSE.malformed]: "malformed",
  [CLOSE.removed]: "removed",
  [CLOSE.forbidden]: "forbidden",
  [CLOSE.structure]: "structure",
  [CLOSE.tooLarge]: "too_large",
  [CLOSE.flood]: "flood",
};

/** Cuts a reason to the 123 bytes a close frame allows, on a character boundary. */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** Why a message is refused: the close code and French reason sent to the client, and a detail for the log. */
export type Refusal = { code: number; reason: string; detail: string };
