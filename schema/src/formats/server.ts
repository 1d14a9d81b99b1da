/**
 * Export formats that only the server (and the command line) run: DOCX, 1EdTech CASE 1.1,
 * France Compétences XML. Kept out of the main entry so the editor's bundle never carries them
 * (the `docx` library alone is ~150 KB gzipped).
 */
export {
  type CaseOptions,
  type CFPackage,
  exportCase,
  META_KEY,
  REFSTUDIO_NAMESPACE,
  uuidV5,
} from "./case.ts";
export { changeTimes } from "./caseTimes.ts";
export { DOCX_HEADERS, type DocxOptions, DRAFT_MARK, exportDocx } from "./docx.ts";
export type { ExportMeta } from "./exportView.ts";
export { fileNameFor } from "./fileName.ts";
export { exportRncpXml } from "./rncpExport.ts";
