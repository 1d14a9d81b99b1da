import {
  type ImportFlag,
  InvalidInputError,
  importRncpFiche,
  listRncpFiches,
  type NodeKind,
  type Referential,
  type RncpFicheSummary,
  SCHEMA_VERSION,
  SNAPSHOT_FORMAT,
} from "@refstudio/schema";
import { ApiError, api } from "../api/client.ts";
import { t } from "../i18n/i18n.ts";

/**
 * Import of a France Compétences RNCP XML export, read in the browser: the file is streamed
 * through the schema's SAX reader (bounded memory, even for the 570 MB national export), and
 * only a successful import is sent to the server, so a bad file never creates anything.
 */

/** Thrown when the user cancels: not an error to show. */
export class ImportCancelled extends Error {
  constructor() {
    super("Import annulé");
    this.name = "ImportCancelled";
  }
}

/** The file's bytes, chunk by chunk; stops reading (and releases the file) once `signal` aborts. */
export async function* fileChunks(file: Blob, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      if (signal.aborted) throw new ImportCancelled();
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

type Progress = (bytesRead: number) => void;

export function listFiches(
  file: Blob,
  signal: AbortSignal,
  onProgress: Progress,
): Promise<RncpFicheSummary[]> {
  return listRncpFiches(fileChunks(file, signal), { onProgress });
}

export type CreatedCounts = Record<NodeKind, number>;

export type ImportSummary = {
  id: string;
  number: string;
  title: string;
  counts: CreatedCounts;
  flags: ImportFlag[];
};

export function countNodes(referential: Referential): CreatedCounts {
  const counts: CreatedCounts = { bloc: 0, activity: 0, competency: 0, modality: 0, criterion: 0 };
  for (const node of referential.nodes) counts[node.kind] += 1;
  return counts;
}

/** Imports one fiche, then (`onCreating`: past the point of cancelling) creates its référentiel on the server. */
export async function importFiche(
  file: Blob,
  number: string,
  signal: AbortSignal,
  onProgress: Progress,
  onCreating: () => void,
): Promise<ImportSummary> {
  const { referential, flags } = await importRncpFiche(fileChunks(file, signal), number, { onProgress });
  if (signal.aborted) throw new ImportCancelled();
  onCreating();
  const snapshot = { format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential };
  const { id } = await api.createReferential({ snapshot });
  return { id, number, title: referential.meta.title, counts: countNodes(referential), flags };
}

/** The message to show for a failed step (the schema's and the server's are French already). */
export function importErrorMessage(error: unknown): string {
  if (error instanceof InvalidInputError || error instanceof ApiError) return error.message;
  return t("rncp.unreadable");
}
