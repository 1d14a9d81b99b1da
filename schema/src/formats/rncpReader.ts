import { SaxesParser } from "saxes";
import { InvalidInputError } from "../parse.ts";

/**
 * Streaming reader of France Compétences' RNCP export (flux v4.1: `FICHES/FICHE`). It parses
 * with saxes chunk by chunk and keeps only the fiche being read, so the ~570 MB national export
 * is read in bounded memory.
 */

/** The texts of a fiche that become the référentiel's rich-text meta fields. */
export const FICHE_TEXTS = {
  ACTIVITES_VISEES: "activitesVisees",
  CAPACITES_ATTESTEES: "capacitesAttestees",
  SECTEURS_ACTIVITE: "secteursActivite",
  TYPE_EMPLOI_ACCESSIBLES: "typesEmplois",
  OBJECTIFS_CONTEXTE: "objectifsContexte",
} as const;
type FicheTextElement = keyof typeof FICHE_TEXTS;
export type FicheTextField = (typeof FICHE_TEXTS)[FicheTextElement];

export type RncpBloc = { code: string; title: string; competencies: string; modalities: string };

/** One fiche as the flux gives it: raw texts, not yet split. */
export type RncpFiche = {
  number: string;
  title: string;
  level: string;
  nsf: string[];
  rome: string[];
  formacodes: string[];
  certifiers: { name: string; siret: string }[];
  texts: Partial<Record<FicheTextField, string>>;
  blocs: RncpBloc[];
};

export type RncpFicheSummary = { number: string; title: string; blocs: number };

export type ReadOptions = {
  /** Called after each chunk with the number of bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Only fiches whose number passes are collected (the others are skipped as they stream by). */
  only?: (number: string) => boolean;
};

type Chunks = AsyncIterable<string | Uint8Array>;

/** Longest text kept from one element: far above any real fiche, low enough to bound memory. */
const MAX_FIELD_CHARS = 2_000_000;
const MAX_DEPTH = 64;

/** What a leaf element (path under FICHE) fills in. */
type Setter = (fiche: RncpFiche, text: string) => void;

const lastBloc = (fiche: RncpFiche) => fiche.blocs[fiche.blocs.length - 1];
const lastCertifier = (fiche: RncpFiche) => fiche.certifiers[fiche.certifiers.length - 1];

const LEAVES: Record<string, Setter> = {
  NUMERO_FICHE: (f, t) => {
    f.number = t.trim();
  },
  INTITULE: (f, t) => {
    f.title = t;
  },
  "NOMENCLATURE_EUROPE/NIVEAU": (f, t) => {
    f.level = t.trim();
  },
  "CODES_NSF/NSF/CODE": (f, t) => f.nsf.push(t.trim()),
  "CODES_ROME/ROME/CODE": (f, t) => f.rome.push(t.trim()),
  "FORMACODES/FORMACODE/CODE": (f, t) => f.formacodes.push(t.trim()),
  "CERTIFICATEURS/CERTIFICATEUR/NOM_CERTIFICATEUR": (f, t) => {
    const c = lastCertifier(f);
    if (c) c.name = t;
  },
  "CERTIFICATEURS/CERTIFICATEUR/SIRET_CERTIFICATEUR": (f, t) => {
    const c = lastCertifier(f);
    if (c) c.siret = t.trim();
  },
  "BLOCS_COMPETENCES/BLOC_COMPETENCES/CODE": (f, t) => {
    const b = lastBloc(f);
    if (b) b.code = t.trim();
  },
  "BLOCS_COMPETENCES/BLOC_COMPETENCES/LIBELLE": (f, t) => {
    const b = lastBloc(f);
    if (b) b.title = t;
  },
  "BLOCS_COMPETENCES/BLOC_COMPETENCES/LISTE_COMPETENCES": (f, t) => {
    const b = lastBloc(f);
    if (b) b.competencies = t;
  },
  "BLOCS_COMPETENCES/BLOC_COMPETENCES/MODALITES_EVALUATION": (f, t) => {
    const b = lastBloc(f);
    if (b) b.modalities = t;
  },
  ...Object.fromEntries(
    (Object.keys(FICHE_TEXTS) as FicheTextElement[]).map((element): [string, Setter] => [
      element,
      (f, t) => {
        f.texts[FICHE_TEXTS[element]] = t;
      },
    ]),
  ),
};

/** Elements that open a new record inside the fiche. */
const OPENERS: Record<string, (fiche: RncpFiche) => void> = {
  "BLOCS_COMPETENCES/BLOC_COMPETENCES": (f) =>
    f.blocs.push({ code: "", title: "", competencies: "", modalities: "" }),
  "CERTIFICATEURS/CERTIFICATEUR": (f) => f.certifiers.push({ name: "", siret: "" }),
};

function emptyFiche(): RncpFiche {
  return {
    number: "",
    title: "",
    level: "",
    nsf: [],
    rome: [],
    formacodes: [],
    certifiers: [],
    texts: {},
    blocs: [],
  };
}

/** Reads the fiches of an RNCP export one at a time, without holding the file. */
export async function* readRncpFiches(chunks: Chunks, options: ReadOptions = {}): AsyncGenerator<RncpFiche> {
  const ready: RncpFiche[] = [];
  const parser = new SaxesParser();
  const path: string[] = [];
  let fiche: RncpFiche | null = null;
  let skipping = false;
  let leaf: Setter | null = null;
  let leafDepth = 0;
  let text = "";
  let rootSeen = false;

  const onText = (chunk: string) => {
    if (!leaf) return;
    text += chunk;
    if (text.length > MAX_FIELD_CHARS) {
      throw new InvalidInputError(`Un champ <${path[leafDepth - 1]}> dépasse ${MAX_FIELD_CHARS} caractères.`);
    }
  };
  parser.on("xmldecl", (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      throw new InvalidInputError(
        `Encodage « ${decl.encoding} » non pris en charge : le flux RNCP est en UTF-8.`,
      );
    }
  });
  parser.on("opentag", (tag) => {
    if (!rootSeen) {
      rootSeen = true;
      if (tag.name !== "FICHES") {
        throw new InvalidInputError(
          `Ce fichier n'est pas un export RNCP de France Compétences : il commence par <${tag.name}> au lieu de <FICHES>.`,
        );
      }
    }
    path.push(tag.name);
    if (path.length > MAX_DEPTH) throw new InvalidInputError("Fichier XML trop profondément imbriqué.");
    if (path.length === 2 && tag.name === "FICHE") {
      fiche = emptyFiche();
      skipping = false;
      return;
    }
    if (!fiche || skipping || path.length < 3) return;
    if (leaf) {
      // Markup inside a text field (unescaped HTML): keep its text, break lines where HTML would.
      if (/^li$/i.test(tag.name)) onText("\n- ");
      else if (/^(?:br|p|div|ul|ol|tr)$/i.test(tag.name)) onText("\n");
      return;
    }
    const inner = path.slice(2).join("/");
    OPENERS[inner]?.(fiche);
    leaf = LEAVES[inner] ?? null;
    leafDepth = path.length;
    text = "";
  });
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    if (leaf && path.length > leafDepth) {
      path.pop();
      return;
    }
    if (fiche && leaf) {
      leaf(fiche, text);
      if (path.length === 3 && path[2] === "NUMERO_FICHE" && options.only && !options.only(fiche.number)) {
        skipping = true;
      }
    }
    leaf = null;
    text = "";
    if (path.length === 2 && path[1] === "FICHE" && fiche) {
      if (!skipping && (!options.only || options.only(fiche.number))) ready.push(fiche);
      fiche = null;
    }
    path.pop();
  });

  const decoder = new TextDecoder("utf-8");
  let bytes = 0;
  let first = true;
  let blank = true;
  const write = (chunk: string) => {
    try {
      parser.write(chunk);
    } catch (error) {
      throw asInputError(error);
    }
  };
  for await (const chunk of chunks) {
    let piece = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    bytes += typeof chunk === "string" ? utf8Length(chunk) : chunk.byteLength;
    if (first && piece.length > 0) {
      piece = piece.replace(/^\uFEFF/, "");
      first = false;
    }
    if (blank && /\S/.test(piece)) blank = false;
    write(piece);
    options.onProgress?.(bytes);
    while (ready.length > 0) yield ready.shift() as RncpFiche;
  }
  write(decoder.decode());
  if (blank) throw new InvalidInputError("Le fichier est vide.");
  try {
    parser.close();
  } catch (error) {
    throw asInputError(error);
  }
  while (ready.length > 0) yield ready.shift() as RncpFiche;
}

function asInputError(error: unknown): Error {
  if (error instanceof InvalidInputError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new InvalidInputError(`Le fichier n'est pas un XML valide (${detail}).`);
}

function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** The fiches of an export (number, title, bloc count), for the picker. */
export async function listRncpFiches(chunks: Chunks, options: Pick<ReadOptions, "onProgress"> = {}) {
  const list: RncpFicheSummary[] = [];
  for await (const fiche of readRncpFiches(chunks, options)) {
    list.push({
      number: fiche.number,
      title: fiche.title.replace(/\s+/g, " ").trim(),
      blocs: fiche.blocs.length,
    });
  }
  return list;
}

/** Finds one fiche by number (`RNCP34762` or `34762`); stops reading once it is found. */
export async function findRncpFiche(
  chunks: Chunks,
  ficheNumber: string,
  options: Pick<ReadOptions, "onProgress"> = {},
): Promise<RncpFiche> {
  const wanted = normalizeFicheNumber(ficheNumber);
  if (!wanted) throw new InvalidInputError("Numéro de fiche vide.");
  for await (const fiche of readRncpFiches(chunks, { ...options, only: (n) => n.toUpperCase() === wanted })) {
    return fiche;
  }
  throw new InvalidInputError(`La fiche ${wanted} n'est pas dans ce fichier.`);
}

export function normalizeFicheNumber(number: string): string {
  const trimmed = number.trim().toUpperCase().replace(/\s+/g, "");
  return /^\d+$/.test(trimmed) ? `RNCP${trimmed}` : trimmed;
}
