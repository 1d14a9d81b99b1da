import {
  type CFPackage,
  changeTimes,
  exportCase,
  parseSnapshot,
  REFSTUDIO_NAMESPACE,
  uuidV5,
} from "@refstudio/schema/server";
import type { AppStore, VersionRecord } from "../store/types.ts";
import { loadVersion } from "./versions.ts";

/**
 * The CASE 1.1 package of a version, as the exports and the CASE provider serve it: identifiers
 * derive from the référentiel's id, `uri`s from the base where the provider answers, and each
 * record's lastChangeDateTime from the référentiel's versions up to this one.
 */

/** Versions read to date each record (the most recent ones up to the exported version). */
const HISTORY = 50;
/** Packages kept built (a package is rebuilt when a different version is published). */
const CACHE_SIZE = 20;

/** The CASE identifier of a référentiel's CFDocument (what `/CFPackages/:id` is asked with). */
export function caseDocumentId(referentialId: string): string {
  return uuidV5(REFSTUDIO_NAMESPACE, `referential:${referentialId}`);
}

export async function casePackage(
  app: AppStore,
  version: VersionRecord,
  baseUri?: string,
): Promise<CFPackage> {
  const summaries = (await app.versions(version.referentialId))
    .filter((v) => v.createdAt <= version.createdAt && v.id !== version.id)
    .slice(0, HISTORY - 1)
    .reverse();
  const older = await Promise.all(summaries.map((v) => loadVersion(app, v.referentialId, v.id)));
  const history = [...older.filter((v): v is VersionRecord => v !== null), version].map((v) => ({
    at: v.createdAt,
    referential: parseSnapshot(v.snapshotJson).referential,
  }));
  return exportCase(history.at(-1)?.referential ?? parseSnapshot(version.snapshotJson).referential, {
    versionName: version.name,
    date: version.createdAt,
    sha256: version.sha256,
    documentId: version.referentialId,
    changedAt: changeTimes(history),
    ...(baseUri ? { baseUri } : {}),
  });
}

/** Built packages by version and base, the least recently used dropped first. */
export class CasePackages {
  readonly #built = new Map<string, Promise<CFPackage>>();

  constructor(private readonly app: AppStore) {}

  get(version: VersionRecord, baseUri: string): Promise<CFPackage> {
    const key = `${version.id} ${baseUri}`;
    let built = this.#built.get(key);
    if (built) this.#built.delete(key);
    else built = casePackage(this.app, version, baseUri);
    this.#built.set(key, built);
    built.catch(() => this.#built.delete(key));
    while (this.#built.size > CACHE_SIZE) this.#built.delete(this.#built.keys().next().value as string);
    return built;
  }
}
