import { InvalidInputError } from "../../parse.ts";
import { richToLines } from "../freeText.ts";
import type { ImportFlag, RncpImport } from "../rncpImport.ts";
import { classifyDocument } from "./classify.ts";
import { readDocx } from "./docxReader.ts";
import { ImportErrors } from "./fileErrors.ts";
import { readHtml } from "./htmlReader.ts";
import { type Pdfjs, readPdf } from "./pdfReader.ts";
import type { ImportPreview, ItemKind, PreviewItem } from "./previewModel.ts";
import type { OnProgress, SourceDocument } from "./sourceDocument.ts";

/**
 * One entry point for a file to import, in the browser and in the command line alike: the kind
 * of file is read from its first bytes (not its name), the right reader runs, and the
 * classifier proposes the preview. A file that cannot be a référentiel table gets a French
 * error and nothing else.
 */

export type FileKind = "docx" | "pdf" | "html" | "rncp";

export type TableImportOptions = { onProgress?: OnProgress; pdfjs?: () => Promise<Pdfjs> };

const starts = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** What a file is, from its content. */
export function sniffFile(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) throw new InvalidInputError(ImportErrors.empty);
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) return "docx";
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46])) return "pdf";
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    // An OLE container: a Word 97-2003 file, or an encrypted OOXML package (its EncryptionInfo stream).
    const utf16 = new TextDecoder("utf-16le").decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    throw new InvalidInputError(
      utf16.includes("EncryptionInfo") ? ImportErrors.encryptedWord : ImportErrors.legacyWord,
    );
  }
  const head = new TextDecoder("utf-8")
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (/^<(?:\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<FICHES\b/i.test(head)) return "rncp";
  if (/<(?:!doctype\s+html|html|body|table|meta|p|div)\b/i.test(head)) return "html";
  throw new InvalidInputError(ImportErrors.unknownFormat);
}

/** Reads a DOCX, PDF or HTML file into its source tables. */
export async function readSourceDocument(
  bytes: Uint8Array,
  kind: Exclude<FileKind, "rncp">,
  options: TableImportOptions = {},
): Promise<SourceDocument> {
  if (kind === "docx") return readDocx(bytes, options.onProgress);
  if (kind === "pdf") return readPdf(bytes, { pdfjs: options.pdfjs, onProgress: options.onProgress });
  const doc = readHtml(new TextDecoder("utf-8").decode(bytes));
  options.onProgress?.(1);
  return doc;
}

/** The preview of a document's référentiel table; a French error when it has none. */
export function previewOf(doc: SourceDocument, title: string): ImportPreview {
  if (!doc.blocks.some((b) => b.kind === "table")) {
    throw new InvalidInputError(doc.format === "html" ? ImportErrors.emptyHtml : ImportErrors.noTable);
  }
  const preview = classifyDocument(doc, title);
  if (!preview.items.some((i) => i.kind === "competency")) throw new InvalidInputError(ImportErrors.noTable);
  return preview;
}

/** A DOCX, PDF or HTML file straight to its preview. */
export async function previewTableFile(
  bytes: Uint8Array,
  fileName: string,
  options: TableImportOptions = {},
): Promise<ImportPreview> {
  const kind = sniffFile(bytes);
  if (kind === "rncp")
    throw new InvalidInputError("Un export RNCP s'importe fiche par fiche : choisissez la fiche.");
  return previewOf(await readSourceDocument(bytes, kind, options), titleFromFileName(fileName));
}

/** « referentiel-chef-de-projet_v2.docx » → « Referentiel chef de projet v2 » (a title to confirm). */
export function titleFromFileName(name: string): string {
  const words = name
    .replace(/^.*[\\/]/, "")
    .replace(/\.[^.]+$/, "")
    .replace(/[_-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The preview of an RNCP fiche import, so that it is checked and corrected on the same screen:
 * its nodes as items, its flags on the items they concern.
 */
export function rncpPreview({ referential, flags }: RncpImport): ImportPreview {
  const flagsOf = (id: string) => flags.filter((f: ImportFlag) => f.nodeId === id).map((f) => f.reason);
  const blocs = referential.nodes
    .filter((n) => n.kind === "bloc")
    .sort((a, b) => (a.order < b.order ? -1 : 1))
    .map((b) => ({
      id: b.id,
      label: "",
      code: b.pinnedCode,
      title: b.title,
      lines: richToLines(b.body),
      prerequis: b.prerequis,
      prerequisEntree: b.prerequisEntree,
    }));
  const items: PreviewItem[] = [];
  const order = (kind: ItemKind, parent: string | null) =>
    referential.nodes
      .filter((n) => n.kind === kind && n.parent === parent)
      .sort((a, b) => (a.order < b.order ? -1 : 1));
  for (const parent of [...blocs.map((b) => b.id), null]) {
    for (const kind of ["activity", "competency", "modality", "criterion"] as const) {
      for (const node of order(kind, parent)) {
        items.push({
          id: node.id,
          kind,
          bloc: parent,
          code: node.pinnedCode,
          written: null,
          title: node.title,
          lines: richToLines(node.body),
          links: [
            ...(node.links.activities ?? []),
            ...(node.links.covers ?? []),
            ...(node.links.evaluates ?? []),
          ],
          modalityType: node.kind === "modality" ? node.modalityType : null,
          ...(node.kind === "modality" && node.duration ? { duration: node.duration } : {}),
          flags: flagsOf(node.id),
          place: blocs.find((b) => b.id === parent)?.code ?? "",
        });
      }
    }
  }
  const blocFlags = flags.filter((f) => blocs.some((b) => b.id === f.nodeId));
  return {
    format: "rncp",
    title: referential.meta.title,
    meta: referential.meta,
    blocs,
    items,
    unclassified: [],
    notes: blocFlags.map((f) => `${f.blocCode ?? ""} : ${f.reason}`),
  };
}
