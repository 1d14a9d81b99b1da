import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../parse.ts";
import { importRncpFiche } from "./rncpImport.ts";
import { listRncpFiches, readRncpFiches } from "./rncpReader.ts";
import { chunksOf, sampleXml } from "./testHelpers.ts";

const xml = sampleXml();
const NUMBERS = [
  "RNCP34762",
  "RNCP35809",
  "RNCP35419",
  "RNCP37488",
  "RNCP37674",
  "RNCP36490",
  "RNCP35959",
  "RNCP37873",
];

describe("RNCP reader", () => {
  it("lists the fiches of an export with their titles, reporting progress in bytes", async () => {
    const progress: number[] = [];
    const list = await listRncpFiches(chunksOf(xml, 50_000), { onProgress: (bytes) => progress.push(bytes) });
    expect(list.map((f) => f.number)).toEqual(NUMBERS);
    expect(list[0]).toEqual({
      number: "RNCP34762",
      title: "Programme Grande Ecole – Diplôme d’études supérieures en management",
      blocs: 5,
    });
    expect(list.map((f) => f.blocs)).toEqual([5, 4, 4, 2, 2, 4, 5, 3]);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.every((bytes, i) => i === 0 || bytes > (progress[i - 1] ?? 0))).toBe(true);
    expect(progress.at(-1)).toBe(new TextEncoder().encode(xml).length);
  });

  it("reads string chunks, a byte order mark and markup left inside a text field", async () => {
    const doc = `\uFEFF<?xml version="1.0"?><FICHES><FICHE><NUMERO_FICHE>RNCP1234</NUMERO_FICHE><BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1234BC01</CODE><LISTE_COMPETENCES>Analyser<br/>Concevoir<b> la solution</b><![CDATA[ & livrer]]></LISTE_COMPETENCES></BLOC_COMPETENCES></BLOCS_COMPETENCES></FICHE></FICHES>`;
    const fiches = [];
    for await (const fiche of readRncpFiches(
      (async function* () {
        yield doc.slice(0, 50);
        yield doc.slice(50);
      })(),
    )) {
      fiches.push(fiche);
    }
    expect(fiches.map((f) => [f.number, f.blocs])).toEqual([
      [
        "RNCP1234",
        [
          {
            code: "RNCP1234BC01",
            title: "",
            competencies: "Analyser\nConcevoir la solution & livrer",
            modalities: "",
            entryPrerequisites: "",
            validationPrerequisites: "",
            elements: [
              { name: "CODE", xml: "<CODE>RNCP1234BC01</CODE>" },
              {
                name: "LISTE_COMPETENCES",
                xml: "<LISTE_COMPETENCES>Analyser<br/>Concevoir<b> la solution</b> &amp; livrer</LISTE_COMPETENCES>",
              },
            ],
          },
        ],
      ],
    ]);
  });

  it("refuses other encodings, oversized fields and bad XML with a clear error", async () => {
    const read = async (text: string) => {
      for await (const _ of readRncpFiches(chunksOf(text))) {
        // drain
      }
    };
    await expect(read('<?xml version="1.0" encoding="ISO-8859-1"?><FICHES/>')).rejects.toThrow(
      /Encodage « ISO-8859-1 » non pris en charge/,
    );
    await expect(
      read(`<FICHES><FICHE><INTITULE>${"x".repeat(2_000_001)}</INTITULE></FICHE></FICHES>`),
    ).rejects.toThrow(/<INTITULE> dépasse 2[\s\u202f]000[\s\u202f]000 caractères/);
    await expect(read("<FICHES><FICHE></FICHES>")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(read('{"format": "json"}')).rejects.toThrow(/pas un XML valide/);
  });

  it("streams a large export in bounded memory and finds a fiche at its end", async () => {
    // The sample's fiches repeated to ~50 MB, produced lazily: the test never holds the whole input.
    const start = xml.indexOf("<FICHE>");
    const end = xml.lastIndexOf("</FICHE>") + "</FICHE>".length;
    const head = xml.slice(0, start);
    const body = xml.slice(start, end);
    const last = body.slice(body.lastIndexOf("<FICHE>")).replace("RNCP37873", "RNCP99998");
    const size = (text: string) => new TextEncoder().encode(text).length;
    const repeats = Math.ceil(50_000_000 / size(body));
    const totalBytes = size(head) + repeats * size(body) + size(`${last}\n</FICHES>\n`);
    async function* large() {
      yield* chunksOf(head, 65_536);
      for (let i = 0; i < repeats; i++) yield* chunksOf(body, 65_536);
      yield* chunksOf(`${last}\n</FICHES>\n`, 65_536);
    }

    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    // Live heap after a full collection, sampled every 5 MB; the first sample (after one chunk) is the baseline.
    const live: number[] = [];
    let nextSample = 0;
    const onProgress = (bytes: number) => {
      if (bytes < nextSample) return;
      nextSample = bytes + 5_000_000;
      gc();
      live.push(process.memoryUsage().heapUsed);
    };

    let count = 0;
    for await (const fiche of readRncpFiches(large(), { onProgress })) {
      expect(fiche.blocs.length).toBeGreaterThan(0);
      count++;
    }
    expect(count).toBe(repeats * 8 + 1);
    expect(totalBytes).toBeGreaterThan(50_000_000);
    // What stays alive while reading is a chunk and one fiche, not the file.
    expect(live.length).toBeGreaterThanOrEqual(10);
    const growth = Math.max(...live) - (live[0] ?? 0);
    expect(growth).toBeLessThan(totalBytes / 10);

    let lastProgress = 0;
    const { referential } = await importRncpFiche(large(), "RNCP99998", {
      onProgress: (bytes) => {
        lastProgress = bytes;
      },
    });
    expect(referential.meta.rncpCode).toBe("RNCP99998");
    expect(lastProgress).toBeGreaterThan(50_000_000);
  }, 120_000);

  it("refuses a 600 MB text node while streaming, after reading a few MB, wherever it sits", async () => {
    const piece = "x".repeat(65_536);
    const hugeText = 600_000_000;
    /** A fiche whose element `name` holds a 600 MB text, generated lazily; counts the chunks pulled. */
    const stream = (open: string, close: string) => {
      const pulled = { chunks: 0 };
      async function* chunks() {
        yield `<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE>${open}`;
        for (let sent = 0; sent < hugeText; sent += piece.length) {
          pulled.chunks++;
          yield piece;
        }
        yield `${close}</FICHE></FICHES>`;
      }
      return { chunks, pulled };
    };
    for (const [open, close, only] of [
      ["<LISTE_COMPETENCES>", "</LISTE_COMPETENCES>", undefined],
      [
        "<PARTENAIRES><PARTENAIRE><NOM_PARTENAIRE>",
        "</NOM_PARTENAIRE></PARTENAIRE></PARTENAIRES>",
        undefined,
      ],
      // In a fiche the reader skips, and inside a CDATA section that holds « < ».
      ["<STATISTIQUES_PROMOTIONS><![CDATA[<", "]]></STATISTIQUES_PROMOTIONS>", () => false],
    ] as const) {
      const { chunks, pulled } = stream(open, close);
      const read = async () => {
        for await (const _ of readRncpFiches(chunks(), { only })) {
          // drain
        }
      };
      await expect(read(), open).rejects.toThrow(
        /texte de plus de 2[\s\u202f]000[\s\u202f]000 caractères|dépasse 2[\s\u202f]000[\s\u202f]000 caractères/,
      );
      // Refused after about 2 MB: the 600 MB were never read, let alone held.
      expect(pulled.chunks, open).toBeLessThan(40);
    }
  });
});
