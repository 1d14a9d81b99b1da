import type { archiveFr } from "./archive.fr.ts";

/** An archived référentiel, shown read-only (English). */
export const archiveEn: Record<keyof typeof archiveFr, string> = {
  "archive.banner": "Archived référentiel: read-only.",
  "archive.bannerDetail":
    "Nobody can change it, comment on it or change its members. An owner can unarchive it from the home screen.",
};
