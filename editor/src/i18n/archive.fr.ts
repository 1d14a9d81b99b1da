/** An archived référentiel, shown read-only (French, the reference). */
export const archiveFr = {
  "archive.banner": "Référentiel archivé : lecture seule.",
  "archive.bannerDetail":
    "Personne ne peut le modifier, le commenter ni en changer les membres. Un responsable peut le désarchiver depuis l'accueil.",
} as const;
