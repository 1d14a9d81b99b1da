import { SaxesParser } from "saxes";
import { InvalidInputError } from "../parse.ts";
import { childElements, childText, flatText, serializeXml, type XmlElement } from "./xmlTree.ts";

/**
 * Streaming reader of France Compétences' RNCP export (flux v4.1: `FICHES/FICHE`). It parses
 * with saxes chunk by chunk and builds the tree of the fiche being read only, so the ~570 MB
 * national export is read in bounded memory; every child of a fiche is kept as XML so an
 * export can write back what the studio does not model.
 */

/** The texts of a fiche that become the référentiel's rich-text meta fields. */
export const FICHE_TEXTS = {
  ACTIVITES_VISEES: "activitesVisees",
  CAPACITES_ATTESTEES: "capacitesAttestees",
  SECTEURS_ACTIVITE: "secteursActivite",
  TYPE_EMPLOI_ACCESSIBLES: "typesEmplois",
  OBJECTIFS_CONTEXTE: "objectifsContexte",
  REGLEMENTATIONS_ACTIVITES: "reglementationsActivites",
  PREREQUIS_ENTREE_FORMATION: "prerequisEntreeFormation",
} as const;
type FicheTextElement = keyof typeof FICHE_TEXTS;
export type FicheTextField = (typeof FICHE_TEXTS)[FicheTextElement];

/** A child element of a FICHE or of a BLOC_COMPETENCES, as XML. */
export type FluxElement = { name: string; xml: string };

export type RncpBloc = {
  code: string;
  title: string;
  competencies: string;
  modalities: string;
  /** PREREQUIS_ENTREE_FORMATION_BLOC */
  entryPrerequisites: string;
  /** PREREQUIS_VALIDATION_BLOC */
  validationPrerequisites: string;
  /** Every child of the BLOC_COMPETENCES, in order. */
  elements: FluxElement[];
};

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
  /** The certifications this one renews (ANCIENNES_CERTIFICATIONS) and its CORRESPONDANCES. */
  renewal: RncpRenewal;
  /** Every child of the FICHE, in the flux's order. */
  elements: FluxElement[];
};

/**
 * A renewal as the flux gives it: the old fiches' numbers, and each CORRESPONDANCE — SOURCE the
 * blocs of this fiche, DESTINATION an old fiche and its blocs (no bloc: the whole old fiche).
 */
export type RncpRenewal = {
  previous: string[];
  correspondences: { source: string[]; destination: { fiche: string; blocs: string[] } }[];
};

export type RncpFicheSummary = { number: string; title: string; blocs: number };

export type ReadOptions = {
  /** Called after each chunk with the number of bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Only fiches whose number passes are collected (the others are skipped as they stream by). */
  only?: (number: string) => boolean;
};

type Chunks = AsyncIterable<string | Uint8Array>;

/** Longest text (or name, or attribute value) accepted: far above any real fiche, low enough to bound memory. */
export const MAX_FIELD_CHARS = 2_000_000;
/** Most text one fiche may hold, all elements together (the longest real fiches hold a few hundred KB). */
const MAX_FICHE_CHARS = 16_000_000;
const MAX_FICHE_ELEMENTS = 200_000;
const MAX_DEPTH = 64;
/** saxes is fed at most this many characters at a time, so its buffers are checked often. */
const SLICE = 65_536;

const frenchNumber = (n: number) => new Intl.NumberFormat("fr-FR").format(n);

/** The fiche of a FICHE element. */
function ficheOf(tree: XmlElement): RncpFiche {
  const at = (path: string) => childText(tree, path);
  const all = (path: string) => {
    const [list, item, leaf] = path.split("/") as [string, string, string];
    return childElements(tree, list).flatMap((l) => childElements(l, item).map((i) => childText(i, leaf)));
  };
  const texts: RncpFiche["texts"] = {};
  for (const element of Object.keys(FICHE_TEXTS) as FicheTextElement[]) {
    const node = childElements(tree, element)[0];
    if (node) texts[FICHE_TEXTS[element]] = flatText(node);
  }
  const certifiers = childElements(tree, "CERTIFICATEURS")
    .flatMap((list) => childElements(list, "CERTIFICATEUR"))
    .map((c) => ({
      name: childText(c, "NOM_CERTIFICATEUR"),
      siret: childText(c, "SIRET_CERTIFICATEUR").trim(),
    }));
  const blocs = childElements(tree, "BLOCS_COMPETENCES")
    .flatMap((list) => childElements(list, "BLOC_COMPETENCES"))
    .map(
      (bloc): RncpBloc => ({
        code: childText(bloc, "CODE").trim(),
        title: childText(bloc, "LIBELLE"),
        competencies: childText(bloc, "LISTE_COMPETENCES"),
        modalities: childText(bloc, "MODALITES_EVALUATION"),
        entryPrerequisites: childText(bloc, "PREREQUIS_ENTREE_FORMATION_BLOC"),
        validationPrerequisites: childText(bloc, "PREREQUIS_VALIDATION_BLOC"),
        elements: elementsOf(bloc),
      }),
    );
  return {
    number: at("NUMERO_FICHE").trim(),
    title: at("INTITULE"),
    level: childText(childElements(tree, "NOMENCLATURE_EUROPE")[0], "NIVEAU").trim(),
    nsf: all("CODES_NSF/NSF/CODE").map((c) => c.trim()),
    rome: all("CODES_ROME/ROME/CODE").map((c) => c.trim()),
    formacodes: all("FORMACODES/FORMACODE/CODE").map((c) => c.trim()),
    certifiers,
    texts,
    blocs,
    renewal: renewalOf(tree),
    elements: elementsOf(tree),
  };
}

function renewalOf(fiche: XmlElement): RncpRenewal {
  const blocCodes = (parent: XmlElement | undefined) =>
    childElements(parent, "BLOC_COMPETENCES")
      .map((bloc) => childText(bloc, "CODE").trim())
      .filter(Boolean);
  return {
    previous: childElements(fiche, "ANCIENNES_CERTIFICATIONS")
      .flatMap((list) => childElements(list, "ANCIENNE_CERTIFICATION"))
      .map((old) => childText(old, "ID_FICHE_ANCIENNE_CERTIFICATION").trim())
      .filter(Boolean),
    correspondences: childElements(fiche, "CORRESPONDANCES")
      .flatMap((list) => childElements(list, "CORRESPONDANCE"))
      .map((line) => {
        const destination = childElements(line, "DESTINATION")[0];
        return {
          source: blocCodes(childElements(line, "SOURCE")[0]),
          destination: {
            fiche: childText(destination, "NUMERO_FICHE").trim(),
            blocs: blocCodes(destination),
          },
        };
      }),
  };
}

const elementsOf = (parent: XmlElement): FluxElement[] =>
  childElements(parent).map((child) => ({ name: child.name, xml: serializeXml(child) }));

/** Reads the fiches of an RNCP export one at a time, without holding the file. */
export async function* readRncpFiches(chunks: Chunks, options: ReadOptions = {}): AsyncGenerator<RncpFiche> {
  const ready: RncpFiche[] = [];
  const parser = new SaxesParser();
  /** Open elements of the fiche being built (the FICHE first); empty outside a fiche or when skipping it. */
  const open: XmlElement[] = [];
  let depth = 0;
  let rootSeen = false;
  let ficheChars = 0;
  let ficheElements = 0;
  let skipping = false;
  let bytes = 0;

  const tooLarge = (what: string) =>
    new InvalidInputError(
      `${what} (vers l'octet ${frenchNumber(bytes)}) : ce fichier n'est pas une fiche RNCP que le studio peut lire. Un export de France Compétences n'en contient pas de telle taille.`,
    );
  const addText = (text: string) => {
    const top = open[open.length - 1];
    if (!top) return;
    ficheChars += text.length;
    if (ficheChars > MAX_FICHE_CHARS)
      throw tooLarge(`Une fiche dépasse ${frenchNumber(MAX_FICHE_CHARS)} caractères`);
    const last = top.children[top.children.length - 1];
    const joined = typeof last === "string" ? last + text : text;
    if (joined.length > MAX_FIELD_CHARS)
      throw tooLarge(`Le champ <${top.name}> dépasse ${frenchNumber(MAX_FIELD_CHARS)} caractères`);
    if (typeof last === "string") top.children[top.children.length - 1] = joined;
    else top.children.push(text);
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
    depth++;
    if (depth > MAX_DEPTH) throw new InvalidInputError("Fichier XML trop profondément imbriqué.");
    const element: XmlElement = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
    };
    if (depth === 2 && tag.name === "FICHE") {
      open.length = 0;
      open.push(element);
      ficheChars = 0;
      ficheElements = 0;
      skipping = false;
      return;
    }
    const parent = open[open.length - 1];
    if (!parent || skipping) return;
    if (++ficheElements > MAX_FICHE_ELEMENTS)
      throw tooLarge(`Une fiche compte plus de ${frenchNumber(MAX_FICHE_ELEMENTS)} éléments`);
    parent.children.push(element);
    open.push(element);
  });
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    depth--;
    const element = open.pop();
    if (!element) return;
    if (depth === 2 && element.name === "NUMERO_FICHE" && options.only) {
      skipping = !options.only(flatText(element).trim());
      if (skipping) open.length = 0; // the rest of this fiche streams by unread
    }
    if (depth === 1 && element.name === "FICHE") {
      const fiche = ficheOf(element);
      if (!options.only || options.only(fiche.number)) ready.push(fiche);
    }
  });

  /**
   * saxes holds a text node, a name or an attribute value whole until it ends: fed small slices,
   * its buffers are checked after each one, so a 600 MB text node is refused after 2 MB.
   */
  const internals = parser as unknown as { text: string; name: string };
  const write = (piece: string) => {
    for (let at = 0; at < piece.length; at += SLICE) {
      try {
        parser.write(piece.slice(at, at + SLICE));
      } catch (error) {
        throw asInputError(error);
      }
      if (internals.text.length > MAX_FIELD_CHARS || internals.name.length > MAX_FIELD_CHARS)
        throw tooLarge(`Le fichier contient un texte de plus de ${frenchNumber(MAX_FIELD_CHARS)} caractères`);
    }
  };

  const decoder = new TextDecoder("utf-8");
  let first = true;
  let blank = true;
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
