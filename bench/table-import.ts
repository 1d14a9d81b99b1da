import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { previewOf, readSourceDocument } from "@refstudio/schema/import";
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import JSZip from "jszip";

/**
 * Import of large files (issue 9): a 5 MB Word référentiel (a big table plus the images such
 * files carry) and a 50-page PDF of the same kind of table printed by LibreOffice. Each is read
 * and classified into its preview three times; the median time and the peak heap above the
 * baseline (sampled every 10 ms) are reported.
 */

export type ImportMeasure = { ms: number; peakHeap: number; bytes: number; pages?: number; items: number };
export type TableImportResult = { docx: ImportMeasure; pdf: ImportMeasure | { why: string } };

const RUNS = 3;

const sentence = (i: number, kind: string) =>
  `${kind} ${i} : analyser la situation du client en exploitant les études existantes afin d'établir un diagnostic de ses enjeux, de ses opportunités et des moyens à engager pour y répondre.`;

function bloc(b: number, rows: number): Table {
  const cell = (lines: string[], bullet = false) =>
    new TableCell({
      children: lines.map((text) => new Paragraph(bullet ? { text, bullet: { level: 0 } } : { text })),
    });
  const header = new TableRow({
    children: ["Activités", "Compétences", "Modalités d'évaluation", "Critères d'évaluation"].map((h) =>
      cell([h]),
    ),
  });
  const heading = new TableRow({
    children: [
      new TableCell({ columnSpan: 4, children: [new Paragraph(`BLOC ${b} – Pilotage du projet ${b}`)] }),
    ],
  });
  const body = Array.from(
    { length: rows },
    (_, r) =>
      new TableRow({
        children: [
          cell([`A${b}.${r + 1} – Conduite de l'activité ${r + 1} du bloc ${b}`]),
          cell([sentence(r * 2 + 1, `C${b}.${r * 2 + 1}`), sentence(r * 2 + 2, `C${b}.${r * 2 + 2}`)], true),
          cell([
            `Étude de cas ${r + 1}`,
            "Le candidat analyse une situation réelle et présente ses recommandations au jury.",
          ]),
          cell(["- Les enjeux sont analysés et hiérarchisés", "- Les recommandations sont argumentées"]),
        ],
      }),
  );
  return new Table({ rows: [header, heading, ...body] });
}

async function referentialDocx(blocs: number, rows: number): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [new Paragraph("Référentiel de certification")];
  for (let b = 1; b <= blocs; b++) children.push(bloc(b, rows));
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** The same package with a media part of incompressible bytes, as the photos and scans real files carry. */
async function withMedia(docx: Uint8Array, total: number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(docx);
  const data = new Uint8Array(Math.max(0, total - docx.length));
  let s = 1;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  zip.file("word/media/image1.png", data, { compression: "STORE" });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

async function measure(bytes: Uint8Array, kind: "docx" | "pdf"): Promise<ImportMeasure> {
  const times: number[] = [];
  let peak = 0;
  let items = 0;
  let pages: number | undefined;
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    const base = process.memoryUsage().heapUsed;
    let top = base;
    const sampler = setInterval(() => {
      top = Math.max(top, process.memoryUsage().heapUsed);
    }, 10);
    const started = performance.now();
    const doc = await readSourceDocument(bytes, kind);
    const preview = previewOf(doc, "bench");
    times.push(performance.now() - started);
    clearInterval(sampler);
    top = Math.max(top, process.memoryUsage().heapUsed);
    peak = Math.max(peak, top - base);
    items = preview.items.length;
    if (kind === "pdf") pages = new Set(doc.blocks.map((b) => b.place.split(",")[0])).size;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, peakHeap: peak, bytes: bytes.length, pages, items };
}

export async function measureTableImport(): Promise<TableImportResult> {
  // 24 blocs of 8 rows (192 rows, 384 competencies) and media up to 5 MB.
  const docx = await withMedia(await referentialDocx(24, 8), 5_000_000);
  const docxResult = await measure(docx, "docx");
  let pdf: ImportMeasure | { why: string };
  const dir = mkdtempSync(join(tmpdir(), "refstudio-bench-pdf-"));
  try {
    // About 50 A4 pages of the same table, printed by LibreOffice.
    writeFileSync(join(dir, "referentiel.docx"), await referentialDocx(11, 7));
    execFileSync(
      "soffice",
      ["--headless", "--convert-to", "pdf", "--outdir", dir, join(dir, "referentiel.docx")],
      {
        stdio: "ignore",
        timeout: 180_000,
      },
    );
    pdf = await measure(new Uint8Array(readFileSync(join(dir, "referentiel.pdf"))), "pdf");
  } catch (error) {
    pdf = { why: `LibreOffice indisponible (${(error as Error).message.slice(0, 60)})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { docx: docxResult, pdf };
}
