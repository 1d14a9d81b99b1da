/**
 * Formats the browser needs too (DESIGN §8): reading France Compétences RNCP XML. The exports
 * (DOCX, CASE, RNCP XML) run on the server only: `@refstudio/schema/server` (formats/server.ts).
 */

export { EXPORT_FORMATS, type ExportFormat, type FormatContents, formatContents } from "./formatContents.ts";
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
