import { InvalidInputError, importRncpFiche, listRncpFiches, type RncpFicheSummary } from "@refstudio/schema";
import type { ImportPreview } from "@refstudio/schema/import";
import { ApiError } from "../api/client.ts";
import { t } from "../i18n/i18n.ts";

/**
 * Import of a France Compétences RNCP XML export, read in the browser: the file is streamed
 * through the schema's SAX reader (bounded memory, even for the 570 MB national export) into the
 * import preview; only what the user confirms there is sent to the server.
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

/**
 * Reads one fiche into the import preview (same screen as a Word or PDF table): nothing is
 * created before the user confirms there, and the fiche's flux comes along (meta.rncpFlux).
 */
export async function previewFiche(
  file: Blob,
  number: string,
  signal: AbortSignal,
  onProgress: Progress,
): Promise<ImportPreview> {
  // Loaded here only: the correspondence panel shares this module and stays light.
  const [imported, { rncpPreview }] = await Promise.all([
    importRncpFiche(fileChunks(file, signal), number, { onProgress }),
    import("@refstudio/schema/import"),
  ]);
  if (signal.aborted) throw new ImportCancelled();
  return rncpPreview(imported);
}

/** The message to show for a failed step (the schema's and the server's are French already). */
export function importErrorMessage(error: unknown): string {
  if (error instanceof InvalidInputError || error instanceof ApiError) return error.message;
  return t("rncp.unreadable");
}
