import { readFileSync } from "node:fs";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { describe, expect, it } from "vitest";
import { missingWords } from "../testHelpers.ts";
import { classifyDocument } from "./classify.ts";
import { readDocx } from "./docxReader.ts";
import { ImportErrors } from "./fileErrors.ts";
import { previewTableFile, sniffFile } from "./importFile.ts";
import type { ImportPreview, PreviewItem } from "./previewModel.ts";
import { previewToReferential } from "./previewToReferential.ts";
import { docxText, previewText } from "./testFixtures.ts";

/**
 * The conventions real Word référentiels add to the fixture's: one table per bloc, columns in
 * another order, bloc headings as a merged row and as a paragraph, an activity cell merged down,
 * codes mangled by OCR (`Al.1`, `Cl1.4`, `1.6`), criteria for a group (« Critères C1.1 à C1.6 »)
 * or naming their competency, a modality naming a range, a transversal thesis. Built with the
 * `docx` library from the level-6 fixture's text (referentiel-management-operationnel…niv6.txt).
 */

const p = (text: string, bullet = false) => new Paragraph(bullet ? { text, bullet: { level: 0 } } : { text });
const cell = (
  lines: (string | [string, "bullet"])[],
  options: { rowSpan?: number; columnSpan?: number } = {},
) =>
  new TableCell({
    ...options,
    children: lines.length === 0 ? [p("")] : lines.map((l) => (typeof l === "string" ? p(l) : p(l[0], true))),
  });
const row = (...cells: TableCell[]) => new TableRow({ children: cells });

function niv6Document(): Document {
  const header1 = [
    row(
      cell(["REFERENTIEL D’ACTIVITES décrit les situations de travail"], { rowSpan: 2 }),
      cell(["REFERENTIEL DE COMPETENCES identifie les compétences"], { rowSpan: 2 }),
      cell(["REFERENTIEL D’EVALUATION définit les critères et les modalités"], { columnSpan: 2 }),
    ),
    row(cell(["MODALITES D’EVALUATION"]), cell(["CRITERES D’EVALUATION"])),
  ];
  const bloc1 = new Table({
    rows: [
      ...header1,
      row(cell(["BLOC 1 - Elaboration de la stratégie opérationnelle de son unité"], { columnSpan: 4 })),
      row(
        cell(
          [
            "Activité 1",
            "Al.1 -Elaboration et planification de la stratégie opérationnelle commerciale et marketing",
          ],
          {
            rowSpan: 2,
          },
        ),
        cell([
          [
            "C1.1-Conduire une veille concurrentielle afin de disposer d’une analyse diagnostic comparée de l'entreprise",
            "bullet",
          ],
          [
            "C1.2- Cartographier les parties prenantes internes et externes afin d’identifier leur influence",
            "bullet",
          ],
          ["C1.3- Analyser le modèle économique de l'activité au regard des objectifs commerciaux", "bullet"],
        ]),
        cell(
          [
            "Mises en situation professionnelles simulées",
            "Cl.1 a Cl1.6- Production individuelle d’un dossier d’élaboration d’un plan de stratégie opérationnelle.",
            "Présentation orale de 30 mn devant un jury de 2 personnes",
          ],
          { rowSpan: 2 },
        ),
        cell([
          "Critères C1.1 à C1.6",
          "-L’organisation du dossier d’analyse diagnostique est méthodique",
          "-La cartographie des parties prenantes est exhaustive",
        ]),
      ),
      row(
        cell([
          [
            "Cl1.4- Etablir un diagnostic complet des forces et faiblesses permettant d’anticiper les évolutions",
            "bullet",
          ],
          [
            "C1.5- Définir les objectifs, les budgets prévisionnels et les indicateurs de performance associés",
            "bullet",
          ],
          ["1.6-Présenter et soumettre son plan de stratégie opérationnelle pour validation", "bullet"],
        ]),
        cell(["-Les objectifs et les budgets sont réalistes et adaptés", "-Le temps imparti est respecté"]),
      ),
    ],
  });
  const bloc2 = new Table({
    rows: [
      row(
        cell(["Compétences"]),
        cell(["Activités"]),
        cell(["Critères d'évaluation"]),
        cell(["Modalités d'évaluation"]),
      ),
      row(
        cell([
          [
            "C2.1-Elaborer et mettre en œuvre un plan de marketing opérationnel traduit en objectifs qualifiés",
            "bullet",
          ],
          "par produit, marché et canal de distribution",
          [
            "C2.2- Mettre en place les indicateurs marketing permettant de piloter le positionnement",
            "bullet",
          ],
          "Développer la notoriété de la marque sur les réseaux sociaux",
        ]),
        cell(["A2.1- Déclinaison et mise en œuvre du plan marketing opérationnel validé par la direction"]),
        cell([
          "Critères C2.1-C2.3 :",
          "-La mobilisation des concepts et outils de planification marketing est pertinente",
          "-L’omnicanalité du parcours client est prise en compte (C2.3)",
        ]),
        cell([
          "Mise en situation professionnelle simulée",
          "C2.1-2.3- Etude de cas pratique en groupe de 2 à 3 personnes",
        ]),
      ),
      row(
        cell([]),
        cell([]),
        cell([]),
        cell(["Thèse professionnelle (C1.1 à C2.3) : mémoire soutenu devant le jury final"]),
      ),
    ],
  });
  return new Document({
    sections: [
      {
        children: [
          p("RESPONSABLE MANAGEMENT OPERATIONNEL COMMERCIAL ET MARKETING NIVEAU 6"),
          bloc1,
          new Paragraph({
            text: "BLOC 2 — Mise en œuvre de la politique marketing",
            heading: HeadingLevel.HEADING_2,
          }),
          bloc2,
          p(
            "Le cas échéant, description de tout autre document constitutif de la certification professionnelle",
          ),
        ],
      },
    ],
  });
}

let built: { bytes: Uint8Array; preview: ImportPreview } | null = null;
async function niv6() {
  if (!built) {
    const bytes = new Uint8Array(await Packer.toBuffer(niv6Document()));
    built = { bytes, preview: classifyDocument(await readDocx(bytes), "Niveau 6") };
  }
  return built;
}

const byCode = (preview: ImportPreview, code: string) => preview.items.find((i) => i.code === code);
const codes = (preview: ImportPreview, ids: string[]) =>
  ids.map((id) => preview.items.find((i) => i.id === id)?.code ?? id);
const text = (item: PreviewItem | undefined) => [item?.title, ...(item?.lines ?? [])].join(" ");

describe("Word conventions beyond the fixture", () => {
  it("finds the blocs from a merged heading row and a heading paragraph, with columns in any order", async () => {
    const { preview } = await niv6();
    expect(preview.blocs.map((b) => [b.label, b.title])).toEqual([
      ["BLOC 1", "Elaboration de la stratégie opérationnelle de son unité"],
      ["BLOC 2", "Mise en œuvre de la politique marketing"],
    ]);
    const kinds = (bloc: string) => preview.items.filter((i) => i.bloc === bloc).map((i) => i.kind);
    expect(kinds("b1").filter((k) => k === "competency")).toHaveLength(6);
    expect(kinds("b2").filter((k) => k === "competency")).toHaveLength(3);
    expect(byCode(preview, "A2.1")?.bloc).toBe("b2");
  });

  it("corrects OCR codes and says so, and completes a code written without its letter", async () => {
    const { preview } = await niv6();
    expect(byCode(preview, "A1.1")).toMatchObject({
      written: "Al.1",
      title: "Elaboration et planification de la stratégie opérationnelle commerciale et marketing",
    });
    expect(byCode(preview, "A1.1")?.flags).toEqual(["Code « Al.1 » lu comme A1.1."]);
    expect(byCode(preview, "C1.4")).toMatchObject({ written: "Cl1.4" });
    expect(text(byCode(preview, "C1.6"))).toMatch(/^ Présenter et soumettre/);
    // Every competency of bloc 1 comes from the merged activity cell.
    for (const c of ["C1.1", "C1.2", "C1.3", "C1.4", "C1.5", "C1.6"]) {
      expect(codes(preview, byCode(preview, c)?.links ?? [])).toEqual(["A1.1"]);
    }
  });

  it("links grouped criteria, a criterion naming its competency and a modality naming a range", async () => {
    const { preview } = await niv6();
    const criteria = preview.items.filter((i) => i.kind === "criterion");
    const evaluated = (start: string) =>
      codes(preview, criteria.find((c) => text(c).includes(start))?.links ?? []);
    expect(evaluated("L’organisation du dossier")).toEqual(["C1.1", "C1.2", "C1.3", "C1.4", "C1.5", "C1.6"]);
    expect(evaluated("Le temps imparti")).toEqual(["C1.1", "C1.2", "C1.3", "C1.4", "C1.5", "C1.6"]);
    // The third competency of bloc 2 has no code of its own: C2.3 is its place.
    const third = preview.items.filter((i) => i.kind === "competency" && i.bloc === "b2")[2]?.id;
    expect(evaluated("La mobilisation des concepts")).toEqual(["C2.1", "C2.2", third]);
    expect(evaluated("L’omnicanalité")).toEqual([third]);
    const modality = preview.items.find((i) => i.kind === "modality" && i.bloc === "b1");
    expect(modality?.title).toBe("Mises en situation professionnelles simulées");
    expect(codes(preview, modality?.links ?? [])).toEqual(["C1.1", "C1.2", "C1.3", "C1.4", "C1.5", "C1.6"]);
  });

  it("keeps a continuation line with its competency and flags an unbulleted statement", async () => {
    const { preview } = await niv6();
    expect(text(byCode(preview, "C2.1"))).toContain(
      "traduit en objectifs qualifiés par produit, marché et canal de distribution",
    );
    const loose = preview.items.find((i) => text(i).includes("Développer la notoriété"));
    expect(loose?.kind).toBe("competency");
    expect(loose?.flags[0]).toMatch(/^Ligne sans puce après une liste/);
  });

  it("puts a transversal thesis outside the blocs, covering the competencies it names across blocs", async () => {
    const { preview } = await niv6();
    const thesis = preview.items.find((i) => i.bloc === null);
    expect(thesis).toMatchObject({ kind: "modality", title: "Thèse professionnelle (C1.1 à C2.3)" });
    expect(thesis?.links).toHaveLength(9);
    const referential = previewToReferential(preview);
    expect(
      referential.nodes.find((n) => n.kind === "modality" && n.parent === null)?.links.covers,
    ).toHaveLength(9);
  });

  it("loses no word: what is not an item is in the « Non classé » list", async () => {
    const { bytes, preview } = await niv6();
    expect(missingWords(await docxText(bytes), previewText(preview))).toEqual([]);
    expect(preview.unclassified.map((u) => u.reason)).toContain("Texte hors du tableau");
  });
});

describe("files that cannot be imported", () => {
  const bytesOf = (text: string) => new TextEncoder().encode(text);

  it("names what the file is and creates nothing", async () => {
    await expect(previewTableFile(new Uint8Array(), "vide.docx")).rejects.toThrow(ImportErrors.empty);
    await expect(previewTableFile(bytesOf("Bonjour"), "notes.txt")).rejects.toThrow(
      ImportErrors.unknownFormat,
    );
    await expect(previewTableFile(bytesOf("PK\u0003\u0004 broken"), "x.docx")).rejects.toThrow(
      ImportErrors.notDocx,
    );
    // An OLE container holding an EncryptionInfo stream: an encrypted Word file.
    const ole = new Uint8Array([
      0xd0,
      0xcf,
      0x11,
      0xe0,
      0xa1,
      0xb1,
      0x1a,
      0xe1,
      ...new Uint8Array(Buffer.from("EncryptionInfo", "utf16le")),
    ]);
    await expect(previewTableFile(ole, "secret.docx")).rejects.toThrow(ImportErrors.encryptedWord);
    await expect(previewTableFile(ole.subarray(0, 8), "ancien.doc")).rejects.toThrow(ImportErrors.legacyWord);
    await expect(previewTableFile(bytesOf("<p>Rien à importer</p>"), "page.html")).rejects.toThrow(
      ImportErrors.emptyHtml,
    );
  });

  it("refuses a Word document without a référentiel table", async () => {
    const doc = new Document({
      sections: [
        {
          children: [p("Compte rendu de réunion"), new Table({ rows: [row(cell(["Nom"]), cell(["Rôle"]))] })],
        },
      ],
    });
    await expect(previewTableFile(new Uint8Array(await Packer.toBuffer(doc)), "cr.docx")).rejects.toThrow(
      ImportErrors.noTable,
    );
  });

  it("refuses an encrypted PDF and a PDF without text (a scan)", async () => {
    const encrypted = new Uint8Array(
      readFileSync(new URL("../../../fixtures/import/encrypted.pdf", import.meta.url)),
    );
    await expect(previewTableFile(encrypted, "secret.pdf")).rejects.toThrow(ImportErrors.encryptedPdf);
    const scan = bytesOf(
      "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>> endobj\n4 0 obj <</Length 27>> stream\n0 0 1 rg 10 10 300 400 re f\nendstream endobj\ntrailer <</Root 1 0 R/Size 5>>\n%%EOF",
    );
    await expect(previewTableFile(scan, "scan.pdf")).rejects.toThrow(ImportErrors.scannedPdf);
    expect(sniffFile(encrypted)).toBe("pdf");
  });
});
