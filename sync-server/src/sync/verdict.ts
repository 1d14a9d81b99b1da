import * as Y from "yjs";
import type { Role } from "../store/types.ts";
import { CLOSE } from "./close-codes.ts";
import type { Change } from "./update-inspection.ts";

/** What the authorization rules (authorize.ts and the rule modules beside it) share. */

export type Writer = { role: Role; userId: string };

export type Verdict =
  | { ok: true }
  | { ok: false; code: typeof CLOSE.forbidden | typeof CLOSE.structure; reason: string; detail: string };

export const OK: Verdict = { ok: true };

export const forbidden = (reason: string, detail: string): Verdict => ({
  ok: false,
  code: CLOSE.forbidden,
  reason,
  detail,
});

export const broken = (detail: string): Verdict => ({
  ok: false,
  code: CLOSE.structure,
  reason: "Modification refusée : elle casserait la structure du référentiel",
  detail,
});

/** Owners and editors: they change content, delete threads and decide on suggestions. */
export const isModerator = (writer: Writer): boolean => writer.role === "owner" || writer.role === "editor";

/** A change's place as a short path, for logs. */
export function describe(change: Change): string {
  const keys = [...change.location.path.map((s) => s.key ?? "[]"), change.location.key ?? "[]"];
  return [change.location.root, ...keys].join("/").slice(0, 80);
}

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/**
 * Inserts grouped by the item of their direct container, to read the fields a new map comes with
 * (a new message's author, a new suggestion's status): built on first use.
 */
export class ChildrenByContainer {
  #map: Map<string, Change[]> | undefined;
  /** Items this update both creates and deletes: a value written then removed is not there. */
  #removed: Set<string> | undefined;

  constructor(private readonly changes: Change[]) {}

  of(id: Y.ID): Change[] {
    if (!this.#map) {
      this.#map = new Map();
      for (const change of this.changes) {
        const parent = change.location.path.at(-1);
        if (change.op !== "insert" || !parent) continue;
        const key = idKey(parent.id);
        const siblings = this.#map.get(key);
        if (siblings) siblings.push(change);
        else this.#map.set(key, [change]);
      }
    }
    return this.#map.get(idKey(id)) ?? [];
  }

  /** The values a new map is given under `key` and still holds at the end of the update. */
  valuesOf(id: Y.ID, key: string): unknown[] {
    this.#removed ??= new Set(
      this.changes.filter((c) => c.op === "delete" && c.created).map((c) => idKey(c.id)),
    );
    const removed = this.#removed;
    return this.of(id)
      .filter((c) => c.location.key === key && !(c.content instanceof Y.ContentDeleted))
      .filter((c) => !removed.has(idKey(c.id)))
      .map((c) => (c.content instanceof Y.ContentAny ? c.content.getContent()[0] : c.content));
  }
}
