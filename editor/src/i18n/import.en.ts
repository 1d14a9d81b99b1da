import type { importFr } from "./import.fr.ts";

/** English twin of import.fr.ts. */
export const importEn: Record<keyof typeof importFr, string> = {
  "import.open": "Import a table (Word, PDF, HTML)",
  "import.title": "Import a référentiel",
  "import.reading": "Reading {name}",
  "import.percent": "{percent} % read",
  "import.pasteLabel": "Or paste here a table copied from Word, LibreOffice or Google Docs",
  "import.pasteHint": "Click here, then Ctrl+V (⌘+V on a Mac).",
  "import.pasted": "Pasted table",
  "import.choose": "Choose a file",
  "import.lead":
    "Check every item before creating the référentiel: nothing is created until you confirm. The file is read on your computer and sent nowhere.",
  "import.docTitle": "Référentiel title",
  "import.counts":
    "{blocs} blocs · {activities} activities · {competencies} competencies · {modalities} modalities · {criteria} criteria",
  "import.flagged": "{count} item(s) to check",
  "import.onlyFlagged": "Show only the items to check",
  "import.notes": "Notes on the document",
  "import.bloc": "Bloc {number}",
  "import.blocTitle": "Title of bloc {number}",
  "import.transversal": "Transversal modalities (outside the blocs)",
  "import.none": "—",
  "import.kind": "Column",
  "import.moveTo": "Bloc",
  "import.outsideBlocs": "Outside the blocs (transversal)",
  "import.merge": "Merge with the previous one",
  "import.split": "Split",
  "import.splitHere": "Cut before: “{text}”",
  "import.links": "Links",
  "import.linksOf.competency": "Activities this competency comes from",
  "import.linksOf.modality": "Competencies this modality covers",
  "import.linksOf.criterion": "Competencies this criterion evaluates",
  "import.noLink": "no link",
  "import.accept": "This is right",
  "import.discard": "Discard (to “Unclassified”)",
  "import.unclassified": "Unclassified ({count})",
  "import.unclassifiedLead":
    "Text of the document that fits no column: it is not imported unless you classify it.",
  "import.classifyAs": "Classify as",
  "import.classify": "Classify",
  "import.create": "Create the référentiel",
  "import.creating": "Creating the référentiel…",
  "import.cancel": "Cancel the import",
  "import.unreadable": "This file could not be read. Check that it is a Word, PDF or HTML document.",
  "import.tooLarge":
    "This file is over 100 MB: split it or import it on the command line (pnpm refstudio import).",
};
