import {
  canonicalSnapshot,
  parseSnapshot,
  type Referential,
  readMeta,
  readNodes,
  type Snapshot,
  type ValidationReport,
  validateDoc,
} from "@refstudio/schema";
import * as Y from "yjs";
import type { AppStore, User, VersionKind, VersionRecord, VersionSummary } from "../store/types.ts";

/**
 * Versions: immutable records of the document at one moment (Yjs state with the review threads,
 * canonical JSON of the référentiel and its sha256, validation report, author, time). The same
 * content has the same sha256 and the same "validated" flag (zero errors), whichever way it was
 * saved: named by someone, exported as the validated snapshot, or checkpointed automatically.
 * The canonical JSON holds the référentiel only (`versionContent`): threads have their own export.
 */
/** The canonical JSON of a version and its sha256: the référentiel without its review threads. */
export const versionContent = (doc: Y.Doc) => canonicalSnapshot(doc, { comments: false });

export function makeVersion(input: {
  id: string;
  referentialId: string;
  name: string;
  kind: Exclude<VersionKind, "checkpoint">;
  author: User;
  doc: Y.Doc;
  report: ValidationReport;
}): VersionRecord {
  const { json, sha256 } = versionContent(input.doc);
  return {
    id: input.id,
    kind: input.kind,
    baseId: null,
    referentialId: input.referentialId,
    name: input.name,
    authorId: input.author.id,
    authorName: input.author.name,
    createdAt: new Date().toISOString(),
    state: Y.encodeStateAsUpdate(input.doc),
    snapshotJson: json,
    sha256,
    reportJson: JSON.stringify(input.report),
    errors: input.report.errors,
    warnings: input.report.warnings,
    validated: input.report.errors === 0,
  };
}

/** A version as the API lists it; `sameContentAs` names an earlier version with the same content. */
export function versionSummary(version: VersionSummary, sameContentAs?: VersionSummary) {
  return {
    id: version.id,
    kind: version.kind,
    name: version.name,
    author: { id: version.authorId, name: version.authorName },
    createdAt: version.createdAt,
    errors: version.errors,
    warnings: version.warnings,
    validated: version.validated,
    sha256: version.sha256,
    sameContentAs: sameContentAs ? { id: sameContentAs.id, name: sameContentAs.name } : null,
  };
}

/** The versions as listed, newest first, each pointing at the oldest earlier one with the same content. */
export function versionList(versions: VersionSummary[]) {
  const first = new Map<string, VersionSummary>();
  for (const version of [...versions].reverse())
    if (!first.has(version.sha256)) first.set(version.sha256, version);
  return versions.map((version) => {
    const original = first.get(version.sha256);
    return versionSummary(version, original && original.id !== version.id ? original : undefined);
  });
}

/** The Yjs document of a version: its state, over its base's for a light checkpoint. */
export async function versionDoc(app: AppStore, version: VersionRecord): Promise<Y.Doc> {
  const doc = new Y.Doc();
  if (version.baseId !== null) {
    const base = await app.version(version.referentialId, version.baseId);
    if (!base) throw new Error(`Version de base introuvable : ${version.baseId}`);
    Y.applyUpdate(doc, base.state);
  }
  Y.applyUpdate(doc, version.state);
  return doc;
}

/**
 * A stored version with its canonical JSON and report filled in: checkpoints do not store them
 * (they are computed from the state when the checkpoint is opened, compared or exported).
 */
export async function withContent(app: AppStore, version: VersionRecord): Promise<VersionRecord> {
  if (version.snapshotJson) return version;
  const doc = await versionDoc(app, version);
  try {
    const { json } = versionContent(doc);
    return { ...version, snapshotJson: json, reportJson: JSON.stringify(validateDoc(doc)) };
  } finally {
    doc.destroy();
  }
}

/** A version by id with its content (see `withContent`), or null. */
export async function loadVersion(
  app: AppStore,
  referentialId: string,
  id: string,
): Promise<VersionRecord | null> {
  const version = await app.version(referentialId, id);
  return version ? withContent(app, version) : null;
}

/** The référentiel a version holds (`loadVersion` gives it the JSON it needs). */
export const versionSnapshot = (version: VersionRecord): Snapshot => parseSnapshot(version.snapshotJson);

/**
 * The content (fiche and items) of a stored version, for comparing and restoring: read from its
 * JSON, or for a checkpoint straight from its state, without the canonical JSON or a validation.
 */
export async function versionReferential(
  app: AppStore,
  version: VersionRecord,
): Promise<Pick<Referential, "meta" | "nodes">> {
  if (version.snapshotJson) return versionSnapshot(version).referential;
  const doc = await versionDoc(app, version);
  try {
    return { meta: readMeta(doc), nodes: readNodes(doc) };
  } finally {
    doc.destroy();
  }
}
