/**
 * Import of référentiel tables from Word, PDF and HTML (and the preview an RNCP fiche gets):
 * readers → one source model → classifier → preview the user corrects → référentiel.
 * A separate entry point (`@refstudio/schema/import`) so that the editor loads it on demand.
 */
export { classifyDocument } from "./classify.ts";
export { readDocx } from "./docxReader.ts";
export { ImportErrors } from "./fileErrors.ts";
export { readHtml } from "./htmlReader.ts";
export {
  type FileKind,
  previewOf,
  previewTableFile,
  readSourceDocument,
  rncpPreview,
  sniffFile,
  type TableImportOptions,
  titleFromFileName,
} from "./importFile.ts";
export { type Pdfjs, type PdfOptions, readPdf } from "./pdfReader.ts";
export * from "./previewEdits.ts";
export * from "./previewModel.ts";
export { previewToReferential } from "./previewToReferential.ts";
export type * from "./sourceDocument.ts";
