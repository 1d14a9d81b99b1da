/** Exports, CASE publication, bloc prerequisites and « Pourquoi ? » (issue 10). */
export const exportsFr = {
  "field.bloc.prerequisEntree": "Prérequis d'entrée en formation du bloc {code}",
  "placeholder.bloc.prerequisEntree": "Prérequis d'entrée en formation (facultatif)",
  "field.bloc.prerequisValidation": "Prérequis à la validation du bloc {code}",
  "placeholder.bloc.prerequisValidation": "Prérequis à la validation (facultatif)",

  "export.comments": "Commentaires (JSON)",
  "exportDialog.title": "{format} de la version « {name} »",
  "exportDialog.holds": "Ce que contient ce fichier",
  "exportDialog.misses": "Ce que ce format ne transporte pas",
  "exportDialog.nothingMissing": "Rien n'est perdu dans ce format.",
  "exportDialog.loading": "Lecture de la version…",
  "exportDialog.download": "Télécharger",
  "exportDialog.draft":
    "Cette version compte {count} erreur(s) : le document sera un projet marqué « Projet — non validé », ses erreurs en annexe.",

  "case.title": "Publication CASE 1.1",
  "case.lead":
    "Les systèmes compatibles CASE lisent la version publiée à cette adresse ; les autres versions ne sont pas diffusées.",
  "case.none": "Aucune version publiée.",
  "case.published": "Publiée en CASE",
  "case.publish": "Publier en CASE",
  "case.unpublish": "Retirer la publication",
  "case.url": "Adresse du paquet CASE",
  "case.failed": "La publication n'a pas abouti : {message}",

  "why.button": "Pourquoi ?",
  "why.rule": "La règle",
  "why.source": "Source",
  "why.example": "Exemple correct",
} as const;
