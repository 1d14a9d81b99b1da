import { z } from "zod";

/**
 * Presence (awareness) states: what each connection tells the others about itself — who it is,
 * the field it is in, its caret. Checked by the server like content (its own `user`, small,
 * validated) and read defensively by the editor.
 */

/** Limits of presence: bytes of one state (as JSON), client ids one connection may speak for. */
export const PRESENCE_LIMITS = { stateBytes: 4096, clientsPerConnection: 4 } as const;

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

export const PresenceUser = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});
export type PresenceUser = z.infer<typeof PresenceUser>;

export const PresenceFocus = z.strictObject({
  nodeId: z.string().max(64).nullable(),
  field: z.string().max(64),
});
export type PresenceFocus = z.infer<typeof PresenceFocus>;

const YjsId = z.strictObject({ client: z.number().int().min(0), clock: z.number().int().min(0) });
/** A Y.RelativePosition as JSON (what the text editor's caret plugin publishes). */
const RelativePositionJson = z.strictObject({
  type: YjsId.nullable().optional(),
  tname: z.string().max(64).nullable().optional(),
  item: YjsId.nullable().optional(),
  assoc: z.number().int().optional(),
});

const PRESENCE_FIELDS = {
  user: PresenceUser,
  focus: PresenceFocus.nullable(),
  /** The caret and selection in the rich-text field being edited (Tiptap's caret extension). */
  cursor: z.strictObject({ anchor: RelativePositionJson, head: RelativePositionJson }).nullable(),
};

/** One connection's presence: every field optional, nothing else. */
export const PresenceState = z.strictObject({
  user: PRESENCE_FIELDS.user.optional(),
  focus: PRESENCE_FIELDS.focus.optional(),
  cursor: PRESENCE_FIELDS.cursor.optional(),
});
export type PresenceState = z.infer<typeof PresenceState>;

/**
 * What a client may send: the same fields, but `user` is replaced by the server with the
 * connection's account (only its types are checked here, and that `id`, if given, is the
 * account's).
 */
export const ClientPresenceState = PresenceState.extend({
  user: z
    .strictObject({ id: z.string().max(64), name: z.string().max(200), color: z.string().max(64) })
    .partial()
    .optional(),
});

/**
 * The well-formed fields of any received state: a bad field is dropped (a bad caret becomes no
 * caret), unknown ones too. For readers that must never fail on what a peer published.
 */
export function sanitizePresence(state: unknown): PresenceState {
  if (typeof state !== "object" || state === null) return {};
  const safe: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(PRESENCE_FIELDS)) {
    const value = (state as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) safe[key] = parsed.data;
  }
  return safe as PresenceState;
}
