/** Presence colours are the schema package's: the server sets each connection's from its account. */
export { colorFor } from "@refstudio/schema";

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]];
  return letters.join("").toUpperCase() || "?";
}
