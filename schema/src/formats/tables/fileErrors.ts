/** The French messages of a file that cannot be imported: shown as they are, and nothing is created. */
export const ImportErrors = {
  empty: "Le fichier est vide.",
  unknownFormat:
    "Ce fichier n'est ni un document Word (.docx), ni un PDF, ni une page HTML, ni un export RNCP (.xml). Enregistrez-le dans l'un de ces formats puis réessayez.",
  notDocx: "Ce fichier n'est pas un document Word (.docx) lisible.",
  brokenDocx: "Ce document Word est endommagé : son contenu ne peut pas être lu.",
  openDocument:
    "Ce fichier est un document OpenDocument (.odt) : ouvrez-le dans LibreOffice et enregistrez-le au format Word (.docx).",
  legacyWord:
    "Ce fichier est au format Word 97-2003 (.doc) : ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx.",
  encryptedWord:
    "Ce document Word est protégé par un mot de passe : enregistrez-en une copie sans mot de passe puis réessayez.",
  encryptedPdf:
    "Ce PDF est protégé par un mot de passe : enregistrez-en une copie sans protection puis réessayez.",
  brokenPdf: "Ce PDF est endommagé : son contenu ne peut pas être lu.",
  scannedPdf:
    "Ce PDF ne contient pas de texte (c'est probablement un document numérisé) : importez plutôt le document Word d'origine, ou passez le PDF dans un logiciel de reconnaissance de texte (OCR).",
  noTable:
    "Aucun tableau de référentiel dans ce document : l'import attend le tableau Activités | Compétences | Modalités d'évaluation | Critères d'évaluation.",
  emptyHtml: "Le contenu collé ne contient aucun tableau.",
} as const;
