import {
  createReferential,
  docFromSnapshot,
  InvalidInputError,
  LIMITS,
  parseSnapshot,
  readMeta,
} from "@refstudio/schema";
import * as Y from "yjs";
import { loadDemoSnapshot } from "../demo.ts";
import type { AppStore, DocStore, ReferentialRecord } from "../store/types.ts";

/** How a new référentiel starts: blank with a title, from a snapshot (JSON value or text), or the demo. */
export type SeedInput = { title: string } | { snapshot: unknown } | { demo: true };

/** Builds the first state of a document. Done once, on the server: clients never seed. */
export async function seedDocument(input: SeedInput): Promise<Y.Doc> {
  if ("title" in input) {
    const doc = new Y.Doc();
    createReferential(doc, { title: input.title.slice(0, LIMITS.titleChars) });
    return doc;
  }
  if ("snapshot" in input) {
    try {
      return docFromSnapshot(parseSnapshot(input.snapshot));
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      throw new InvalidInputError(`Instantané invalide — ${(error as Error).message}`);
    }
  }
  return docFromSnapshot(await loadDemoSnapshot());
}

/**
 * Stores a new référentiel: its document first (the first update of its log), then its record
 * with the creator as owner, so a listed référentiel always has a document.
 */
export async function createStoredReferential(
  stores: { docs: DocStore; app: AppStore },
  id: string,
  doc: Y.Doc,
  ownerId: string,
): Promise<ReferentialRecord> {
  const meta = readMeta(doc);
  await stores.docs.append(id, Y.encodeStateAsUpdate(doc), { userId: ownerId, at: Date.now() });
  const record = await stores.app.createReferential({
    id,
    title: meta.title || "Référentiel sans titre",
    rncpCode: meta.rncpCode,
    ownerId,
  });
  if (meta.status === record.status) return record;
  return (await stores.app.updateReferential(id, { status: meta.status })) ?? record;
}
