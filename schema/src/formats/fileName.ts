import type { Referential } from "../model.ts";
import { isoDay } from "./exportView.ts";

/** ASCII letters, digits, dots and dashes only: safe in a file name and a Content-Disposition header. */
function slug(text: string, max: number): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[œŒ]/g, "oe")
    .replace(/[^A-Za-z0-9.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, max)
    .replace(/[-.]+$/, "");
}

/**
 * The name of an exported file: the référentiel's code (its title when it has no RNCP number
 * yet), the version name and the date, e.g. `RNCP34762_v2-validee_2024-05-02.docx`.
 */
export function fileNameFor(
  ref: Referential,
  { versionName = "", date, ext }: { versionName?: string; date?: Date | string; ext: string },
): string {
  const code = ref.meta.rncpCode || slug(ref.meta.title, 40) || "referentiel";
  const parts = [code, slug(versionName, 40), date ? isoDay(date) : ""].filter(Boolean);
  const extension = ext
    .replace(/^\.+/, "")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
  return `${parts.join("_")}${extension ? `.${extension}` : ""}`;
}
