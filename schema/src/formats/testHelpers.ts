import { readFileSync } from "node:fs";
import type { Referential } from "../model.ts";
import { parseSnapshot } from "../snapshot.ts";
import { richToLines, wordsOf } from "./freeText.ts";

/** Test-only helpers (Node): the RNCP sample, chunked streams, and the "no word dropped" check. */

export const SAMPLE_PATH = new URL(
  "../../../../shared/fixtures/rncp/export_fiches_RNCP_sample.xml",
  import.meta.url,
);
export const sampleXml = () => readFileSync(SAMPLE_PATH, "utf8");

/** The demo référentiel (the transcribed fixture), with an RNCP code and a level so that it can be exported. */
export function demo(): Referential {
  const path = new URL("../../fixtures/chef-de-projet-marketing.snapshot.json", import.meta.url);
  const { referential } = parseSnapshot(readFileSync(path, "utf8"));
  return { ...referential, meta: { ...referential.meta, rncpCode: "RNCP12345", level: "NIV6" } };
}

/** The text as an async stream of byte chunks of `size` (small sizes cut UTF-8 sequences in two). */
export async function* chunksOf(text: string, size = 4096): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** XML entities decoded with plain replacements, independently of the parsers under test. */
export const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");

export type RawBloc = {
  fiche: string;
  code: string;
  title: string;
  competencies: string;
  modalities: string;
};

/** The blocs of an export read with a plain regular expression, independently of the reader under test. */
export function rawBlocs(xml: string): RawBloc[] {
  const bloc =
    /<BLOC_COMPETENCES>\s*<CODE>([^<]*)<\/CODE>\s*<LIBELLE>([^<]*)<\/LIBELLE>\s*<LISTE_COMPETENCES>([^<]*)<\/LISTE_COMPETENCES>\s*<MODALITES_EVALUATION>([^<]*)<\/MODALITES_EVALUATION>/g;
  return [...xml.matchAll(bloc)].map((m) => ({
    fiche: (m[1] ?? "").replace(/BC\d+$/, ""),
    code: decodeXml(m[1] ?? ""),
    title: decodeXml(m[2] ?? ""),
    competencies: decodeXml(m[3] ?? ""),
    modalities: decodeXml(m[4] ?? ""),
  }));
}

/** Everything a bloc holds as text: description, then each child's code, title, body and duration. */
export function blocText(ref: Referential, blocId: string): string {
  const bloc = ref.nodes.find((n) => n.id === blocId);
  const parts = bloc ? richToLines(bloc.body) : [];
  for (const node of ref.nodes) {
    if (node.parent !== blocId) continue;
    parts.push(node.pinnedCode ?? "", node.title, ...richToLines(node.body));
    if (node.kind === "modality") parts.push(node.duration);
  }
  return parts.join("\n");
}

const isPlainWord = (word: string) => word.length >= 4 && /^\p{L}+$/u.test(word);

/**
 * The words of `source` missing from `target`: any word absent altogether, and any word of 4+
 * letters that occurs fewer times (so a dropped sentence shows even when its words occur elsewhere).
 * `rejoined` lists words a PDF line end cut in the source, as their pieces (« communicatio n »):
 * they count as the whole word.
 */
export function missingWords(source: string, target: string, rejoined: readonly string[] = []): string[] {
  const count = (words: string[]) => {
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  };
  const have = count(wordsOf(target));
  const missing: string[] = [];
  const words = wordsOf(source);
  // A cut word's pieces may not be neighbours in the extracted text (columns interleave).
  for (const cut of rejoined) {
    const pieces = cut.split(" ");
    for (const piece of pieces) {
      const at = words.indexOf(piece);
      if (at === -1) throw new Error(`« ${piece} » (de « ${cut} ») n'est pas dans le texte source`);
      words.splice(at, 1);
    }
    words.push(pieces.join(""));
  }
  for (const [word, n] of count(words)) {
    const got = have.get(word) ?? 0;
    if (got === 0 || (isPlainWord(word) && got < n)) missing.push(`${word} (${got}/${n})`);
  }
  return missing;
}
