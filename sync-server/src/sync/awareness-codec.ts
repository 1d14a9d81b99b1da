import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * The payload of an awareness message, as y-protocols encodes it, read without applying it:
 * [count: varUint] then per client [clientId: varUint][clock: varUint][state: JSON as varString].
 */

/** One client's entry; `json` is the state's JSON text ("null": the client is gone). */
export type AwarenessEntry = { clientId: number; clock: number; json: string; bytes: number };

export class TooManyEntriesError extends Error {
  override name = "TooManyEntriesError";
}

const text = new TextDecoder("utf-8", { fatal: true });

/** Decodes the entries; refuses more than `maxEntries` before reading them. Throws on truncated or trailing data. */
export function readAwarenessEntries(update: Uint8Array, maxEntries: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > maxEntries) throw new TooManyEntriesError(`${count} identifiants dans un message`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarUint8Array(decoder);
    entries.push({ clientId, clock, json: text.decode(raw), bytes: raw.byteLength });
  }
  if (decoding.hasContent(decoder)) throw new Error("octets en trop après la présence");
  return entries;
}

/** Encodes entries back into an awareness update (states given as values). */
export function writeAwarenessEntries(
  entries: { clientId: number; clock: number; state: unknown }[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
