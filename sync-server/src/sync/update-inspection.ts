import * as Y from "yjs";

/**
 * Reads an update WITHOUT applying it and lists what it would change in a document: every new
 * item with the place it lands in (root, chain of containers, key) and every existing item it
 * deletes. Authorization then judges these changes (authorize.ts).
 *
 * Placement follows Yjs' own integration rules (Item.getMissing / integrate): a struct whose
 * parent info was not encoded takes the parent of its origin (or right origin); a struct next
 * to, or inside, garbage-collected content is itself collected and changes nothing. Anything
 * the document cannot resolve (an unknown parent, a gap in a client's clock, the deletion of
 * an unknown item) would be kept "pending" by Yjs and applied later without being checked, so
 * it is refused here.
 */

/** Any Y type (Yjs' own type parameter, without spelling `any`). */
export type SharedType = Y.Doc["share"] extends Map<string, infer T> ? T : never;
export type Content = Y.Item["content"];
type DeleteSet = ReturnType<typeof Y.decodeUpdate>["ds"];

/** A container type between a root and an item: the key it is stored under (null in a sequence). */
export type PathStep = {
  key: string | null;
  /** The type as it exists in the document, or null when this update creates it. */
  existing: SharedType | null;
  /** The ID of the item that holds the type. */
  id: Y.ID;
};

export type Location = {
  root: string;
  /** Containers from the root down to the item's parent, outermost first. */
  path: PathStep[];
  /** The item's key in its parent map, or null in a sequence (array, text, fragment). */
  key: string | null;
};

export type Change = {
  op: "insert" | "delete";
  location: Location;
  id: Y.ID;
  content: Content;
  /** True when the item itself comes with this update (always for inserts). */
  created: boolean;
  /**
   * For an insert under a key that already holds a live value: the insert replaces (deletes) it,
   * whether or not the update's delete set says so (a concurrent-looking write wins by client id).
   */
  replaces: boolean;
};

export type Inspection = {
  changes: Change[];
  /** The Yjs client ids that this update writes new structs for. */
  clients: number[];
  /** True when the update brings nothing the document lacks (nothing to store or broadcast). */
  empty: boolean;
  /** True when some of its structs are already known (or skipped): only the rest is to be stored. */
  partlyKnown: boolean;
};

/**
 * The update cannot be resolved against the document, so it cannot be checked. `missing` when it
 * builds on something the document lacks (history, a neighbour, a parent, a deleted item): with
 * other processes, the store may have it.
 */
export class UnresolvableUpdateError extends Error {
  override name = "UnresolvableUpdateError";

  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

/** Deeper nesting than any référentiel needs (rich text included): refused before it costs anything. */
export const MAX_DEPTH = 100;
export class TooDeepError extends Error {
  override name = "TooDeepError";
}

/** A struct of the update that the document lacks (`offset` > 0 when its start is already known). */
type Fresh = { struct: Y.Item | Y.GC; offset: number };

type TypeRef = { root: string } | { existing: SharedType } | { created: Fresh };
type Placement = { parent: TypeRef; key: string | null } | "collected";
type Path = { root: string; path: PathStep[] } | "collected";

/** Decodes and resolves an update against a document. Throws on undecodable or unresolvable updates. */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): Inspection {
  const decoded = Y.decodeUpdate(update);
  return new Resolver(doc, decoded.structs).inspect(decoded.ds);
}

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/**
 * Where each existing type sits (root name and containers): an item never changes parent, so
 * this holds for the type's whole life and is shared by every inspection (a typed character
 * would otherwise walk its text's containers up to the root again). Never mutated.
 */
const EXISTING_PATHS = new WeakMap<SharedType, { root: string; path: PathStep[] }>();

/**
 * Deleting a type deletes everything inside it, and Yjs lists those items in the delete set too:
 * they are judged as part of the container's deletion, not one by one.
 */
function withoutImpliedDeletions(deletions: Change[]): Change[] {
  const deleted = new Set(deletions.map((change) => idKey(change.id)));
  return deletions.filter((change) => !change.location.path.some((step) => deleted.has(idKey(step.id))));
}

class Resolver {
  /** New structs per client, sorted by clock. */
  private readonly fresh = new Map<number, Fresh[]>();
  private readonly placements = new Map<Fresh, Placement>();
  private readonly createdPaths = new Map<Fresh, Path>();
  private rootNames: Map<SharedType, string> | undefined;
  private partlyKnown = false;

  constructor(
    private readonly doc: Y.Doc,
    structs: (Y.Item | Y.GC | Y.Skip)[],
  ) {
    const expected = new Map<number, number>();
    for (const struct of structs) {
      if (struct instanceof Y.Skip) {
        this.partlyKnown = true;
        continue;
      }
      const { client, clock } = struct.id;
      const known = Y.getState(doc.store, client);
      const end = clock + struct.length;
      if (clock < known) this.partlyKnown = true;
      if (end <= known) continue;
      const next = expected.get(client) ?? known;
      if (clock > next) throw new UnresolvableUpdateError(`trou dans l'historique du client ${client}`, true);
      if (clock < next && next > known)
        throw new UnresolvableUpdateError(`structures en double (client ${client})`);
      expected.set(client, end);
      const list = this.fresh.get(client) ?? [];
      list.push({ struct, offset: Math.max(0, known - clock) });
      this.fresh.set(client, list);
    }
  }

  inspect(ds: DeleteSet): Inspection {
    const changes: Change[] = [];
    let freshCount = 0;
    for (const list of this.fresh.values()) {
      for (const entry of list) {
        freshCount++;
        if (!(entry.struct instanceof Y.Item)) continue;
        const location = this.locationOfFresh(entry);
        if (location === "collected") continue;
        changes.push({
          op: "insert",
          location,
          id: entry.struct.id,
          content: entry.struct.content,
          created: true,
          replaces: this.holdsLiveValue(location),
        });
      }
    }
    const deletions: Change[] = [];
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        if (len > 0) this.resolveDeletion(client, clock, clock + len, deletions);
      }
    }
    changes.push(...withoutImpliedDeletions(deletions));
    return {
      changes,
      clients: [...this.fresh.keys()],
      empty: freshCount === 0 && changes.length === 0,
      partlyKnown: this.partlyKnown,
    };
  }

  private resolveDeletion(client: number, clock: number, end: number, changes: Change[]): void {
    const known = Y.getState(this.doc.store, client);
    if (clock < known) {
      const structs = this.doc.store.clients.get(client) as (Y.Item | Y.GC)[];
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i] as Y.Item | Y.GC;
        if (struct.id.clock >= Math.min(end, known)) break;
        if (struct instanceof Y.Item && !struct.deleted) {
          changes.push({
            op: "delete",
            location: this.locationOfExisting(struct),
            id: struct.id,
            content: struct.content,
            created: false,
            replaces: false,
          });
        }
      }
    }
    for (let at = Math.max(clock, known); at < end; ) {
      const entry = this.findFresh(Y.createID(client, at));
      if (!entry) throw new UnresolvableUpdateError("suppression d'un élément inconnu", true);
      if (entry.struct instanceof Y.Item) {
        const location = this.locationOfFresh(entry);
        if (location !== "collected") {
          changes.push({
            op: "delete",
            location,
            id: entry.struct.id,
            content: entry.struct.content,
            created: true,
            replaces: false,
          });
        }
      }
      at = entry.struct.id.clock + entry.struct.length;
    }
  }

  /** Whether the existing map a location points into already has a live value under its key. */
  private holdsLiveValue(location: Location): boolean {
    if (location.key === null) return false;
    const parent =
      location.path.length === 0 ? this.doc.share.get(location.root) : location.path.at(-1)?.existing;
    const current = parent?._map.get(location.key);
    return current !== undefined && !current.deleted;
  }

  private findFresh(id: Y.ID): Fresh | undefined {
    const list = this.fresh.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const entry = list[mid] as Fresh;
      const start = entry.struct.id.clock;
      if (id.clock < start) high = mid - 1;
      else if (id.clock >= start + entry.struct.length) low = mid + 1;
      else return entry;
    }
    return undefined;
  }

  /** The document's struct holding an ID, or undefined when the document does not have it yet. */
  private existingStruct(id: Y.ID): Y.Item | Y.GC | undefined {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return undefined;
    return Y.getItem(this.doc.store, id) as Y.Item | Y.GC;
  }

  private locationOfExisting(item: Y.Item): Location {
    const parent = this.pathOfExisting(item.parent as SharedType);
    return { ...parent, key: item.parentSub };
  }

  private locationOfFresh(entry: Fresh): Location | "collected" {
    const placement = this.placementOf(entry);
    if (placement === "collected") return "collected";
    const parent = this.pathOf(placement.parent, 0);
    if (parent === "collected") return "collected";
    return { ...parent, key: placement.key };
  }

  /**
   * Where a new struct lands: iterative (a legitimate update may chain thousands of structs by
   * their origins), memoized, and refusing cycles.
   */
  private placementOf(start: Fresh): Placement {
    const chain: Fresh[] = [];
    const visiting = new Set<Fresh>();
    let current = start;
    let result: Placement;
    for (;;) {
      const memo = this.placements.get(current);
      if (memo) {
        result = memo;
        break;
      }
      if (visiting.has(current)) throw new UnresolvableUpdateError("références circulaires");
      visiting.add(current);
      const step = this.placementStep(current);
      if ("follow" in step) {
        chain.push(current);
        current = step.follow;
        continue;
      }
      result = step.placement;
      break;
    }
    this.placements.set(current, result);
    for (const entry of chain) this.placements.set(entry, result);
    return result;
  }

  /** One step of placement: a result, or "same place as this other new struct". */
  private placementStep(entry: Fresh): { placement: Placement } | { follow: Fresh } {
    const item = entry.struct;
    if (!(item instanceof Y.Item)) return { placement: "collected" };
    if (entry.offset > 0) {
      // Its start is known: Yjs integrates the rest after the known part, in the same parent.
      const left = this.existingStruct(Y.createID(item.id.client, item.id.clock + entry.offset - 1));
      if (!(left instanceof Y.Item)) return { placement: "collected" };
      return { placement: { parent: { existing: left.parent as SharedType }, key: left.parentSub } };
    }
    const neighbours = [item.origin, item.rightOrigin].filter((id): id is Y.ID => id !== null);
    for (const id of neighbours) {
      const existing = this.existingStruct(id);
      if (existing instanceof Y.GC) return { placement: "collected" };
      if (!existing && !this.findFresh(id)) throw new UnresolvableUpdateError("voisin inconnu", true);
    }
    const parent = item.parent as Y.ID | string | null;
    if (parent === null) {
      const neighbour = neighbours[0];
      if (!neighbour) throw new UnresolvableUpdateError("élément sans parent ni voisin");
      const existing = this.existingStruct(neighbour);
      if (existing instanceof Y.Item) {
        return {
          placement: { parent: { existing: existing.parent as SharedType }, key: existing.parentSub },
        };
      }
      return { follow: this.findFresh(neighbour) as Fresh };
    }
    if (typeof parent === "string") return { placement: { parent: { root: parent }, key: item.parentSub } };
    const existing = this.existingStruct(parent);
    if (existing) {
      if (!(existing instanceof Y.Item) || !(existing.content instanceof Y.ContentType)) {
        return { placement: "collected" };
      }
      return { placement: { parent: { existing: existing.content.type }, key: item.parentSub } };
    }
    const container = this.findFresh(parent);
    if (!container) throw new UnresolvableUpdateError("parent inconnu", true);
    if (!(container.struct instanceof Y.Item) || !(container.struct.content instanceof Y.ContentType)) {
      return { placement: "collected" };
    }
    return { placement: { parent: { created: container }, key: item.parentSub } };
  }

  private pathOf(ref: TypeRef, depth: number): Path {
    if (depth > MAX_DEPTH) throw new TooDeepError("imbrication trop profonde");
    if ("root" in ref) return { root: ref.root, path: [] };
    if ("existing" in ref) return this.pathOfExisting(ref.existing);
    const memo = this.createdPaths.get(ref.created);
    if (memo) return memo;
    const placement = this.placementOf(ref.created);
    let result: Path = "collected";
    if (placement !== "collected") {
      const parent = this.pathOf(placement.parent, depth + 1);
      if (parent !== "collected") {
        const step = { key: placement.key, existing: null, id: ref.created.struct.id };
        result = { root: parent.root, path: [...parent.path, step] };
        if (result.path.length > MAX_DEPTH) throw new TooDeepError("imbrication trop profonde");
      }
    }
    this.createdPaths.set(ref.created, result);
    return result;
  }

  private pathOfExisting(type: SharedType): { root: string; path: PathStep[] } {
    const memo = EXISTING_PATHS.get(type);
    if (memo) return memo;
    const path: PathStep[] = [];
    let current = type;
    while (current._item) {
      const item = current._item;
      path.unshift({ key: item.parentSub, existing: current, id: item.id });
      if (path.length > MAX_DEPTH) throw new TooDeepError("imbrication trop profonde");
      current = item.parent as SharedType;
    }
    const root = this.rootName(current);
    if (root === undefined) throw new UnresolvableUpdateError("type hors du document");
    const result = { root, path };
    EXISTING_PATHS.set(type, result);
    return result;
  }

  private rootName(type: SharedType): string | undefined {
    if (!this.rootNames) {
      this.rootNames = new Map();
      for (const [name, root] of this.doc.share) this.rootNames.set(root, name);
    }
    return this.rootNames.get(type);
  }
}
