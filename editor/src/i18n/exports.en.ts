import type { exportsFr } from "./exports.fr.ts";

export const exportsEn: Record<keyof typeof exportsFr, string> = {
  "field.bloc.prerequisEntree": "Training entry prerequisites of bloc {code}",
  "placeholder.bloc.prerequisEntree": "Training entry prerequisites (optional)",
  "field.bloc.prerequisValidation": "Validation prerequisites of bloc {code}",
  "placeholder.bloc.prerequisValidation": "Validation prerequisites (optional)",

  "export.comments": "Comments (JSON)",
  "exportDialog.title": '{format} of version "{name}"',
  "exportDialog.holds": "What this file holds",
  "exportDialog.misses": "What this format does not carry",
  "exportDialog.nothingMissing": "Nothing is lost in this format.",
  "exportDialog.loading": "Reading the version…",
  "exportDialog.download": "Download",
  "exportDialog.draft":
    'This version has {count} error(s): the document will be a draft marked "Projet — non validé", its errors in an annex.',

  "case.title": "CASE 1.1 publication",
  "case.lead":
    "CASE-compatible systems read the published version at this address; other versions are not shared.",
  "case.none": "No version is published.",
  "case.published": "Published in CASE",
  "case.publish": "Publish in CASE",
  "case.unpublish": "Withdraw the publication",
  "case.url": "Address of the CASE package",
  "case.failed": "Publishing failed: {message}",

  "why.button": "Why?",
  "why.rule": "The rule",
  "why.source": "Source",
  "why.example": "Correct example",
} as const;
