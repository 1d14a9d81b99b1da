import { InvalidInputError, SCHEMA_VERSION, SNAPSHOT_FORMAT } from "@refstudio/schema";
import {
  type ImportPreview,
  previewOf,
  previewTableFile,
  previewToReferential,
  readHtml,
} from "@refstudio/schema/import";
import { ApiError, api } from "../api/client.ts";
import { t } from "../i18n/i18n.ts";

/**
 * The import of Word, PDF and HTML tables in the browser: the schema package's import code
 * (the same as `pnpm refstudio import`), in the import screen's lazily loaded chunk, with
 * pdf.js loaded only for a PDF, in its own worker. The file never leaves the machine; only the référentiel
 * the user confirms is sent, as a snapshot.
 */

const MAX_BYTES = 100 * 1024 * 1024;

async function browserPdfjs() {
  const [pdfjs, worker] = await Promise.all([
    import("pdfjs-dist"),
    import("pdfjs-dist/build/pdf.worker.min.mjs?url"),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export class ImportFailed extends Error {}

export async function previewFile(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<ImportPreview> {
  if (file.size > MAX_BYTES) throw new ImportFailed(t("import.tooLarge"));
  const bytes = new Uint8Array(await file.arrayBuffer());
  return previewTableFile(bytes, file.name, { onProgress, pdfjs: browserPdfjs });
}

/** A table pasted from Word, LibreOffice or Google Docs (the clipboard's `text/html`). */
export async function previewPasted(html: string): Promise<ImportPreview> {
  return previewOf(readHtml(html), t("import.pasted"));
}

/**
 * Creates the référentiel the corrected preview describes, or makes it the next version of an
 * existing one (`into`: its blocs and items replaced, its fiche kept but for the title the user
 * confirmed); returns the id to open.
 */
export async function createFromPreview(
  preview: ImportPreview,
  into: { id: string; title: string } | null,
  source: string,
): Promise<string> {
  const referential = previewToReferential(preview);
  const snapshot = { format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential };
  if (into) {
    await api.importInto(into.id, snapshot, source.slice(0, 200), into.title);
    return into.id;
  }
  const { id } = await api.createReferential({ snapshot });
  return id;
}

/** The message to show: the schema's and the server's are French already. */
export function importFailure(error: unknown): string {
  if (error instanceof InvalidInputError || error instanceof ApiError || error instanceof ImportFailed)
    return error.message;
  return t("import.unreadable");
}
