import { buildOutline, type NodeRef, nodeLabel, readMeta, readNodes } from "@refstudio/schema";
import type * as Y from "yjs";
import { foldDigests, mergeBuckets } from "../store/history.ts";
import type { ActivityBucket, FieldAttribution, Stores } from "../store/types.ts";
import { digestLog } from "./digest.ts";

/**
 * History as people read it: who last changed each item (and each of its fields), and the activity
 * of a référentiel grouped into work sessions. Both join what compactions folded into the store
 * with the digests of the updates still in the log.
 */

/** Two stretches of work by one person further apart than this are two sessions. */
export const SESSION_GAP_MS = 30 * 60_000;

export type Person = { id: string | null; name: string };
export type Change = { by: Person; at: string };

export type Attribution = {
  /** Per node id (and "meta" for the fiche): the last change, and the last change of each field. */
  targets: Record<string, Change & { fields: Record<string, Change> }>;
};

export type ActivitySession = {
  by: Person;
  start: string;
  end: string;
  updates: number;
  inserted: number;
  deleted: number;
  /** The blocs worked on, each with its items touched (bloc null: transversal modalities). */
  blocs: { bloc: NodeRef | null; items: NodeRef[] }[];
  /** The fiche (meta), comments, and items since deleted, when touched. */
  fiche: boolean;
  comments: boolean;
  deletedItems: number;
};

/** The folded history plus the digests of the log, read against `doc` (which holds the log). */
async function history(stores: Stores, id: string, doc: Y.Doc, since: number) {
  const [fields, buckets, log] = await Promise.all([
    stores.docs.attributions(id),
    stores.docs.activity(id, since),
    stores.docs.log(id),
  ]);
  const pending = foldDigests(digestLog(doc, log));
  return { fields: [...fields, ...pending.fields], buckets: mergeAll([...buckets, ...pending.buckets]) };
}

function mergeAll(buckets: ActivityBucket[]): ActivityBucket[] {
  const byKey = new Map<string, ActivityBucket>();
  for (const bucket of buckets) {
    const key = `${bucket.bucket}\u0000${bucket.userId ?? ""}`;
    const known = byKey.get(key);
    byKey.set(key, known ? mergeBuckets(known, bucket) : bucket);
  }
  return [...byKey.values()];
}

/** Names of the users ids refer to (former members included); "Serveur" for changes without a user. */
async function namesOf(stores: Stores, ids: Iterable<string | null>): Promise<(id: string | null) => Person> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      if (id === null) return;
      const user = await stores.app.userById(id);
      names.set(id, user?.name ?? "Compte supprimé");
    }),
  );
  return (id) => ({ id, name: id === null ? "Référentiel Studio" : (names.get(id) ?? "Compte supprimé") });
}

/**
 * Who wrote an item, as history knows it: the last author of each of its fields, and everyone
 * who changed it since the last compaction (« a suggestion on an item I wrote »).
 */
export async function writersOf(stores: Stores, id: string, doc: Y.Doc, target: string): Promise<string[]> {
  const { fields } = await history(stores, id, doc, Number.MAX_SAFE_INTEGER);
  const writers = new Set<string>();
  for (const field of fields) if (field.target === target && field.userId) writers.add(field.userId);
  return [...writers];
}

export async function attributionOf(stores: Stores, id: string, doc: Y.Doc): Promise<Attribution> {
  const { fields } = await history(stores, id, doc, Number.MAX_SAFE_INTEGER);
  const latest = new Map<string, FieldAttribution>();
  for (const field of fields) {
    const key = `${field.target}\u0000${field.field}`;
    const known = latest.get(key);
    if (!known || known.at <= field.at) latest.set(key, field);
  }
  const person = await namesOf(
    stores,
    [...latest.values()].map((field) => field.userId),
  );
  const change = (field: FieldAttribution): Change => ({
    by: person(field.userId),
    at: new Date(field.at).toISOString(),
  });
  const targets: Attribution["targets"] = {};
  for (const field of [...latest.values()].sort((a, b) => a.at - b.at)) {
    const last = change(field);
    const entry = targets[field.target] ?? { ...last, fields: {} };
    entry.fields[field.field] = last;
    targets[field.target] = { ...entry, ...last };
  }
  return { targets };
}

export async function activityOf(
  stores: Stores,
  id: string,
  doc: Y.Doc,
  since: number,
): Promise<ActivitySession[]> {
  const { buckets } = await history(stores, id, doc, since);
  const byUser = new Map<string, ActivityBucket[]>();
  for (const bucket of buckets) {
    const key = bucket.userId ?? "";
    byUser.set(key, [...(byUser.get(key) ?? []), bucket]);
  }
  const runs: ActivityBucket[][] = [];
  for (const list of byUser.values()) {
    list.sort((a, b) => a.first - b.first);
    let run: ActivityBucket[] = [];
    for (const bucket of list) {
      const last = run.at(-1);
      if (last && bucket.first - last.last > SESSION_GAP_MS) {
        runs.push(run);
        run = [];
      }
      run.push(bucket);
    }
    if (run.length > 0) runs.push(run);
  }
  const person = await namesOf(
    stores,
    runs.map((run) => run[0]!.userId),
  );
  const meta = readMeta(doc);
  const outline = buildOutline({ meta, nodes: readNodes(doc) });
  const refOf = (nodeId: string): NodeRef | null => {
    const node = outline.byId.get(nodeId);
    return node
      ? { id: nodeId, kind: node.kind, code: outline.codes.get(nodeId) ?? "", label: nodeLabel(node) }
      : null;
  };
  return runs
    .map((run): ActivitySession => {
      const targets = new Set(run.flatMap((bucket) => bucket.targets));
      const blocs = new Map<string, { bloc: NodeRef | null; items: NodeRef[] }>();
      let deletedItems = 0;
      for (const target of targets) {
        if (target === "meta" || target === "comments") continue;
        const node = outline.byId.get(target);
        if (!node) {
          deletedItems++;
          continue;
        }
        const blocId = node.kind === "bloc" ? node.id : (node.parent ?? "");
        const entry = blocs.get(blocId) ?? { bloc: blocId ? refOf(blocId) : null, items: [] };
        if (node.kind !== "bloc") entry.items.push(refOf(node.id)!);
        blocs.set(blocId, entry);
      }
      for (const entry of blocs.values())
        entry.items.sort((a, b) => a.code.localeCompare(b.code, "fr", { numeric: true }));
      return {
        by: person(run[0]!.userId),
        start: new Date(Math.min(...run.map((bucket) => bucket.first))).toISOString(),
        end: new Date(Math.max(...run.map((bucket) => bucket.last))).toISOString(),
        updates: run.reduce((sum, bucket) => sum + bucket.updates, 0),
        inserted: run.reduce((sum, bucket) => sum + bucket.inserted, 0),
        deleted: run.reduce((sum, bucket) => sum + bucket.deleted, 0),
        blocs: [...blocs.values()].sort((a, b) =>
          (a.bloc?.code ?? "~").localeCompare(b.bloc?.code ?? "~", "fr", { numeric: true }),
        ),
        fiche: targets.has("meta"),
        comments: targets.has("comments"),
        deletedItems,
      };
    })
    .sort((a, b) => b.end.localeCompare(a.end));
}
