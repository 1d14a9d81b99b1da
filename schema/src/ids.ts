import { Id } from "./model.ts";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A random 16-character id (~95 bits): unique without coordination between replicas. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = "";
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** Returns a caller-chosen id, refused when the projection would not accept it. */
export function checkId(id: string): string {
  if (!Id.safeParse(id).success) throw new Error(`Identifiant invalide : ${String(id).slice(0, 80)}`);
  return id;
}
