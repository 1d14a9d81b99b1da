import * as Y from "yjs";
import { LOCAL_ORIGIN, META_KEYS, metaMap, RENEWAL_KEYS, RENEWAL_ROW_KEYS } from "./layout.ts";
import { CorrespondenceRow, Renewal, RenewalPrevious } from "./model.ts";
import { parseOrExplain } from "./parse.ts";

/**
 * The correspondence table of a renewal in the shared document (layout: `meta.renewal`): a Y.Map
 * holding the earlier certification and a Y.Array of rows, each row its own Y.Map, so that two
 * people editing different rows (or different fields of one row) at the same time keep both edits.
 * Each command below is one transaction, checked against the model.
 */

type RowMap = Y.Map<unknown>;

function renewalMap(doc: Y.Doc): Y.Map<unknown> | undefined {
  const value = metaMap(doc).get(META_KEYS.renewal);
  return value instanceof Y.Map ? value : undefined;
}

function rowsOf(doc: Y.Doc): Y.Array<RowMap> | undefined {
  const rows = renewalMap(doc)?.get(RENEWAL_KEYS.rows);
  return rows instanceof Y.Array ? (rows as Y.Array<RowMap>) : undefined;
}

function rowMap(row: CorrespondenceRow): RowMap {
  const map = new Y.Map<unknown>();
  for (const key of Object.values(RENEWAL_ROW_KEYS)) map.set(key, structuredClone(row[key]));
  return map;
}

function rowOf(map: RowMap): CorrespondenceRow {
  return {
    id: (map.get(RENEWAL_ROW_KEYS.id) as string | undefined) ?? "",
    old: ((map.get(RENEWAL_ROW_KEYS.old) as CorrespondenceRow["old"] | undefined) ?? []).map((bloc) => ({
      ...bloc,
    })),
    new: [...((map.get(RENEWAL_ROW_KEYS.new) as string[] | undefined) ?? [])],
    coverage: (map.get(RENEWAL_ROW_KEYS.coverage) as CorrespondenceRow["coverage"] | undefined) ?? "partial",
    comment: (map.get(RENEWAL_ROW_KEYS.comment) as string | undefined) ?? "",
    confirmed: (map.get(RENEWAL_ROW_KEYS.confirmed) as boolean | undefined) ?? false,
  };
}

/**
 * The table as plain JSON, or undefined. A document of schema version 2 (a stored version not
 * migrated) held it as one plain value: read as it is.
 */
export function readRenewal(doc: Y.Doc): Renewal | undefined {
  const value = metaMap(doc).get(META_KEYS.renewal);
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof Y.Map)) return value as Renewal;
  return {
    previous: {
      ...((value.get(RENEWAL_KEYS.previous) as RenewalPrevious | undefined) ?? { rncpCode: "", title: "" }),
    },
    rows: (rowsOf(doc)?.toArray() ?? []).map(rowOf),
  };
}

/** Writes a checked table in place of the present one (or removes it), inside the caller's transaction. */
export function writeRenewal(doc: Y.Doc, renewal: Renewal | null): void {
  const meta = metaMap(doc);
  if (renewal === null) {
    meta.delete(META_KEYS.renewal);
    return;
  }
  const map = new Y.Map<unknown>();
  map.set(RENEWAL_KEYS.previous, { ...renewal.previous });
  const rows = new Y.Array<RowMap>();
  rows.push(renewal.rows.map(rowMap));
  map.set(RENEWAL_KEYS.rows, rows);
  meta.set(META_KEYS.renewal, map);
}

/** Sets (or, with null, removes) the whole table: a new proposal, or clearing it. */
export function setRenewal(doc: Y.Doc, renewal: Renewal | null): void {
  const checked = renewal === null ? null : parseOrExplain(Renewal, renewal, "Table de correspondance");
  doc.transact(() => writeRenewal(doc, checked), LOCAL_ORIGIN);
}

function requireRenewal(doc: Y.Doc): { map: Y.Map<unknown>; rows: Y.Array<RowMap> } {
  const map = renewalMap(doc);
  const rows = rowsOf(doc);
  if (!map || !rows) throw new Error("Aucune table de correspondance");
  return { map, rows };
}

/** The earlier certification (its RNCP code and title). */
export function setRenewalPrevious(doc: Y.Doc, previous: RenewalPrevious): void {
  const checked = parseOrExplain(RenewalPrevious, previous, "Certification précédente");
  const { map } = requireRenewal(doc);
  doc.transact(() => map.set(RENEWAL_KEYS.previous, checked), LOCAL_ORIGIN);
}

/** Adds a row at the end of the table. */
export function addCorrespondenceRow(doc: Y.Doc, row: CorrespondenceRow): void {
  const checked = parseOrExplain(CorrespondenceRow, row, "Ligne de correspondance");
  const { rows } = requireRenewal(doc);
  doc.transact(() => rows.push([rowMap(checked)]), LOCAL_ORIGIN);
}

/** Changes the given fields of a row, each on its own: a concurrent edit of another field is kept. */
export function updateCorrespondenceRow(
  doc: Y.Doc,
  id: string,
  patch: Partial<Omit<CorrespondenceRow, "id">>,
): void {
  const checked = parseOrExplain(
    CorrespondenceRow.omit({ id: true }).partial(),
    patch,
    "Ligne de correspondance",
  );
  const row = requireRenewal(doc)
    .rows.toArray()
    .find((map) => map.get(RENEWAL_ROW_KEYS.id) === id);
  if (!row) throw new Error(`Ligne de correspondance introuvable : ${id}`);
  doc.transact(() => {
    for (const [key, value] of Object.entries(checked)) if (value !== undefined) row.set(key, value);
  }, LOCAL_ORIGIN);
}

/** Removes a row (nothing when another person removed it already). */
export function removeCorrespondenceRow(doc: Y.Doc, id: string): void {
  const { rows } = requireRenewal(doc);
  const index = rows.toArray().findIndex((map) => map.get(RENEWAL_ROW_KEYS.id) === id);
  if (index >= 0) doc.transact(() => rows.delete(index, 1), LOCAL_ORIGIN);
}
