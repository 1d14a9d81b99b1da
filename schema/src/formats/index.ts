/** Import and export formats (DESIGN §8): France Compétences RNCP XML, DOCX, 1EdTech CASE 1.1. */
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
export { EXPORT_FORMATS, type ExportFormat, type FormatContents, formatContents } from "./formatContents.ts";
export { exportRncpXml } from "./rncpExport.ts";
export { ficheToReferential, type ImportFlag, importRncpFiche, type RncpImport } from "./rncpImport.ts";
export {
  findRncpFiche,
  listRncpFiches,
  normalizeFicheNumber,
  type ReadOptions,
  type RncpBloc,
  type RncpFiche,
  type RncpFicheSummary,
  readRncpFiches,
} from "./rncpReader.ts";
