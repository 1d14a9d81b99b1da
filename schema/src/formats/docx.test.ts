import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import type { Referential } from "../model.ts";
import { buildOutline } from "../outline.ts";
import { validate } from "../validation/validate.ts";
import { DOCX_HEADERS, DRAFT_MARK, exportDocx } from "./docx.ts";
import { richToLines } from "./freeText.ts";
import { importRncpFiche } from "./rncpImport.ts";
import { chunksOf, demo, sampleXml } from "./testHelpers.ts";

/** A light tree of word/document.xml: what the test needs of tables, rows, cells and sections. */
type XmlNode = { name: string; attrs: Record<string, string>; children: XmlNode[]; text: string };

function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  parser.on("text", (text) => {
    const top = stack[stack.length - 1];
    if (top?.name === "w:t") top.text += text;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root;
}

const all = (node: XmlNode, name: string): XmlNode[] =>
  node.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
const kids = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);
/** The text of a node, one line per paragraph. */
const textOf = (node: XmlNode): string =>
  all(node, "w:p")
    .map((p) =>
      all(p, "w:t")
        .map((t) => t.text)
        .join(""),
    )
    .join("\n");
const flat = (text: string) => text.replace(/\s+/g, " ").trim();

async function documentXml(bytes: Uint8Array): Promise<XmlNode> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")?.async("string");
  if (!xml) throw new Error("word/document.xml absent");
  return parseXml(xml);
}

/** Checks the tables of a generated document against the référentiel it comes from. */
function checkTables(doc: XmlNode, ref: Referential) {
  const outline = buildOutline(ref);
  const tables = all(doc, "w:tbl");
  const blocTables = tables.filter((t) => {
    const first = kids(t, "w:tr")[0];
    return (
      first &&
      kids(first, "w:tc")
        .map((c) => flat(textOf(c)))
        .join("|") === DOCX_HEADERS.join("|")
    );
  });
  expect(blocTables).toHaveLength(outline.blocs.length);
  blocTables.forEach((table, b) => {
    const entry = outline.blocs[b];
    if (!entry) throw new Error("bloc absent");
    expect(all(table, "w:gridCol")).toHaveLength(4);
    const rows = kids(table, "w:tr");
    for (const row of rows) expect(kids(row, "w:tc")).toHaveLength(4);
    // The header row repeats on each page.
    expect(all(rows[0] as XmlNode, "w:tblHeader")).toHaveLength(1);
    const text = flat(textOf(table));
    for (const node of [...entry.activities, ...entry.competencies, ...entry.modalities, ...entry.criteria]) {
      for (const line of [node.title, ...richToLines(node.body).map((l) => l.replace(/^- /, ""))]) {
        expect(text.includes(flat(line)), `${node.id} : « ${line} »`).toBe(true);
      }
    }
    for (const node of [...entry.activities, ...entry.competencies]) {
      expect(text).toContain(`${outline.codes.get(node.id)} `);
    }
  });
  const size = all(doc, "w:pgSz")[0];
  expect(size?.attrs["w:orient"]).toBe("landscape");
  expect(Number(size?.attrs["w:w"])).toBeGreaterThan(Number(size?.attrs["w:h"]));
  return blocTables;
}

describe("DOCX export", () => {
  it("writes the title page and one 4-column table per bloc of the demo référentiel", async () => {
    const ref = demo();
    ref.meta.certifiers = [{ name: "École de test", siret: "12345678901234" }];
    const bytes = await exportDocx(ref, {
      versionName: "v1 validée",
      date: "2024-05-02",
      sha256: "ab".repeat(32),
    });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const doc = await documentXml(bytes);
    const titlePage = flat(textOf(doc)).slice(0, 600);
    for (const expected of [
      "RÉFÉRENTIEL DE CERTIFICATION",
      "Chef de projet marketing et communication",
      "RNCP12345",
      "Niveau 6",
      "École de test (SIRET 12345678901234)",
      "v1 validée",
      "2 mai 2024",
      "ab".repeat(32),
    ]) {
      expect(titlePage).toContain(expected);
    }
    const tables = checkTables(doc, ref);
    // Each bloc has one modality covering all its competencies: one cell merged down the rows.
    for (const table of tables) {
      const cells = kids(table, "w:tr")
        .slice(1)
        .map((row) => kids(row, "w:tc")[2] as XmlNode);
      const merges = cells.map((c) => all(c, "w:vMerge")[0]?.attrs["w:val"] ?? "none");
      expect(merges[0]).toBe("restart");
      expect(merges.slice(1).every((m) => m === "continue")).toBe(true);
    }
  });

  it("aligns each modality with the competencies it covers and lists transversal modalities", async () => {
    const { referential } = await importRncpFiche(chunksOf(sampleXml()), "RNCP34762");
    referential.nodes.push({
      id: "thesis",
      kind: "modality",
      parent: null,
      order: "a0",
      pinnedCode: null,
      title: "Thèse professionnelle",
      body: [],
      links: { covers: ["RNCP34762BC01-c01", "RNCP34762BC02-c01"] },
      modalityType: "dossier",
      grouping: "individual",
      duration: "",
    });
    const doc = await documentXml(await exportDocx(referential));
    const tables = checkTables(doc, referential);
    // Bloc 2: "A2C2. et A2C3." is one modality, on the A2C2 row and merged into the A2C3 row.
    const rows = kids(tables[1] as XmlNode, "w:tr").slice(1);
    const modalityCell = (i: number) => kids(rows[i] as XmlNode, "w:tc")[2] as XmlNode;
    expect(flat(textOf(modalityCell(1)))).toMatch(/^Analyse de situations de travail comprenant/);
    expect(all(modalityCell(1), "w:vMerge")[0]?.attrs["w:val"]).toBe("restart");
    expect(all(modalityCell(2), "w:vMerge")[0]?.attrs["w:val"]).toBe("continue");
    expect(flat(textOf(modalityCell(2)))).toBe("");
    const transversal = all(doc, "w:tbl").at(-1) as XmlNode;
    expect(flat(textOf(transversal))).toContain("Thèse professionnelle");
    expect(flat(textOf(transversal))).toContain("RNCP34762BC01 : A1C1");
    expect(flat(textOf(transversal))).toContain("RNCP34762BC02 : A2C1");
    // in the bloc table, it sits on the row of the first competency it covers
    expect(flat(textOf(modalityCell(0)))).toContain("Thèse professionnelle");
  });

  it("writes a document for a référentiel without blocs", async () => {
    const ref = demo();
    ref.nodes = [];
    const doc = await documentXml(await exportDocx(ref));
    expect(checkTables(doc, ref)).toEqual([]);
    expect(flat(textOf(doc))).toContain("Chef de projet marketing et communication");
  });

  it("marks a draft on its title page and lists its errors in an annex; a validated version carries its hash", async () => {
    const ref = demo();
    const errors = validate({ ...ref, meta: { ...ref.meta, certifiers: [] } }).issues.filter(
      (i) => i.severity === "error",
    );
    expect(errors.length).toBeGreaterThan(0);
    const draft = flat(
      textOf(await documentXml(await exportDocx(ref, { draft: { errors }, sha256: "ab".repeat(32) }))),
    );
    expect(draft).toContain(`${DRAFT_MARK} : ${errors.length} erreur`);
    expect(draft).toContain("Annexe — erreurs à corriger avant validation");
    for (const error of errors) expect(draft).toContain(error.message.fr);
    expect(draft).not.toContain("ab".repeat(32));
    const validated = flat(textOf(await documentXml(await exportDocx(ref, { sha256: "ab".repeat(32) }))));
    expect(validated).toContain("ab".repeat(32));
    expect(validated).not.toContain(DRAFT_MARK);
  });

  it("renders in LibreOffice without nearly empty pages, a draft marked on every page", async () => {
    const office = ["libreoffice", "soffice"].find((cmd) => spawnSync("which", [cmd]).status === 0);
    const pdftotext = spawnSync("which", ["pdftotext"]).status === 0;
    if (!office || !pdftotext) {
      if (process.env.REQUIRE_SERVICES === "1")
        throw new Error("LibreOffice et pdftotext sont requis (REQUIRE_SERVICES=1)");
      console.warn("LibreOffice ou poppler absent : rendu PDF non testé");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "refstudio-docx-"));
    try {
      const { referential: fiche } = await importRncpFiche(chunksOf(sampleXml()), "RNCP34762");
      const errors = validate(fiche).issues.filter((i) => i.severity === "error");
      writeFileSync(
        join(dir, "demo.docx"),
        await exportDocx(demo(), { versionName: "v1", date: "2024-05-02" }),
      );
      writeFileSync(
        join(dir, "fiche.docx"),
        await exportDocx(fiche, { versionName: "Projet", draft: { errors } }),
      );
      const result = spawnSync(
        office,
        [
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          join(dir, "demo.docx"),
          join(dir, "fiche.docx"),
        ],
        { timeout: 170_000, encoding: "utf8" },
      );
      /** Each page's text lines, without blank lines, the footer and the draft mark. */
      const pages = (name: string) => {
        const pdf = join(dir, `${name}.pdf`);
        expect(existsSync(pdf), result.stderr).toBe(true);
        const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).stdout;
        return text
          .split("\f")
          .slice(0, -1)
          .map((page) => page.split("\n").filter((line) => /\S/.test(line)));
      };
      const content = (page: string[]) =>
        page.filter((line) => !/Page \d+ \/ \d+\s*$/.test(line) && !line.includes(DRAFT_MARK.toUpperCase()));

      const demoPages = pages("demo");
      // A title page and the blocs flowing one after the other (the old layout took 8 pages, 3 nearly empty).
      expect(demoPages.length).toBeGreaterThanOrEqual(3);
      expect(demoPages.length).toBeLessThanOrEqual(7);
      const draftPages = pages("fiche");
      for (const [name, list] of [
        ["demo", demoPages],
        ["fiche", draftPages],
      ] as const) {
        list.slice(0, -1).forEach((page, i) => {
          expect(content(page).length, `${name} page ${i + 1}`).toBeGreaterThanOrEqual(5);
        });
      }
      // Every page of the draft is marked; its annex lists the errors; the fiche texts start a page.
      draftPages.forEach((page, i) => {
        expect(page.join(" "), `page ${i + 1}`).toContain(DRAFT_MARK.toUpperCase());
      });
      const all = draftPages
        .map((page) => page.join(" "))
        .join(" ")
        .replace(/\s+/g, " ");
      expect(all).toContain("Annexe — erreurs à corriger avant validation");
      const presentation = draftPages.findIndex((page) =>
        content(page)[0]?.includes("Présentation de la certification"),
      );
      expect(presentation).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 200_000);
});
