/** Presence colours: distinct, readable on white, with white text on top (WCAG AA for labels). */
export const PRESENCE_COLORS = [
  "#1f6f8b",
  "#a23b72",
  "#2e7d32",
  "#b4531a",
  "#5b4bb7",
  "#9c2b2b",
  "#00796b",
  "#6d5a1f",
] as const;

/** A stable colour for a user id, so a person keeps their colour across sessions. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]];
  return letters.join("").toUpperCase() || "?";
}
