import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import type { Referential, Renewal } from "../model.ts";
import { buildOutline } from "../outline.ts";
import { exportDocx } from "./docx.ts";
import { exportRncpXml } from "./rncpExport.ts";
import { importRncpFiche } from "./rncpImport.ts";
import { chunksOf, demo, sampleXml } from "./testHelpers.ts";

/** A référentiel renewing RNCP31114: demo bloc 1 totally, bloc 2 partly from two old blocs. */
function renewing(): Referential {
  const ref = demo();
  const [b1, b2] = buildOutline(ref).blocs.map((entry) => entry.bloc.id);
  const renewal: Renewal = {
    previous: { rncpCode: "RNCP31114", title: "Développeur web" },
    rows: [
      {
        id: "r1",
        // Known by its number only, as read from a Word table: the XML prefixes the old fiche's number.
        old: [{ code: "BC01", title: "Front" }],
        new: [b1!],
        coverage: "total",
        comment: "",
        confirmed: true,
      },
      {
        id: "r2",
        old: [
          { code: "RNCP31114BC02", title: "Back" },
          { code: "RNCP31114BC03", title: "Données" },
        ],
        new: [b2!],
        coverage: "partial",
        comment: "Sans la partie données",
        confirmed: true,
      },
    ],
  };
  return { ...ref, meta: { ...ref.meta, renewal } };
}

/** Every element path of an XML text, from the FICHE down (e.g. "CORRESPONDANCES/CORRESPONDANCE/SOURCE"). */
function fichePaths(xml: string): { paths: Set<string>; ficheChildren: string[][] } {
  const paths = new Set<string>();
  const ficheChildren: string[][] = [];
  const stack: string[] = [];
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    if (stack.at(-1) === "FICHE") ficheChildren.at(-1)?.push(tag.name);
    if (tag.name === "FICHE") ficheChildren.push([]);
    stack.push(tag.name);
    const at = stack.indexOf("FICHE");
    if (at >= 0 && stack.length > at + 1) paths.add(stack.slice(at + 1).join("/"));
  });
  parser.on("closetag", () => stack.pop());
  parser.write(xml).close();
  return { paths, ficheChildren };
}

describe("the correspondence table in the exports", () => {
  it("writes ANCIENNES_CERTIFICATIONS and CORRESPONDANCES in the shape of the published fiches", async () => {
    const xml = exportRncpXml(renewing());
    const ours = fichePaths(xml);
    const sample = fichePaths(sampleXml());
    const renewalPaths = [...ours.paths].filter((path) =>
      /^(CORRESPONDANCES|ANCIENNES_CERTIFICATIONS)/.test(path),
    );
    expect(renewalPaths.length).toBeGreaterThan(0);
    for (const path of renewalPaths) expect(sample.paths, path).toContain(path);
    // Placed where the flux places them: right after NUMERO_FICHE, and last.
    const children = ours.ficheChildren[0]!;
    expect(children.at(-1)).toBe("CORRESPONDANCES");
    const renewed = sample.ficheChildren.filter((list) => list.includes("ANCIENNES_CERTIFICATIONS"));
    expect(renewed.length).toBeGreaterThan(0);
    // Between NUMERO_FICHE and INTITULE (after NOUVELLES_CERTIFICATIONS when a fiche has both).
    for (const list of [...renewed, children]) {
      const at = list.indexOf("ANCIENNES_CERTIFICATIONS");
      expect(at).toBeGreaterThan(list.indexOf("NUMERO_FICHE"));
      expect(at).toBeLessThan(list.indexOf("INTITULE"));
    }
    for (const list of sample.ficheChildren.filter((list) => list.includes("CORRESPONDANCES")))
      expect(list.at(-1)).toBe("CORRESPONDANCES");

    // One CORRESPONDANCE per line: this fiche's bloc as SOURCE, the old fiche and its blocs as DESTINATION.
    const compact = xml.replace(/\s+/g, "");
    expect(compact).toContain(
      "<CORRESPONDANCE><SOURCE><BLOC_COMPETENCES><CODE>RNCP12345BC02</CODE></BLOC_COMPETENCES></SOURCE><DESTINATION><NUMERO_FICHE>RNCP31114</NUMERO_FICHE><BLOC_COMPETENCES><CODE>RNCP31114BC02</CODE></BLOC_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP31114BC03</CODE></BLOC_COMPETENCES></DESTINATION></CORRESPONDANCE>",
    );
    expect(compact).toContain(
      "<DESTINATION><NUMERO_FICHE>RNCP31114</NUMERO_FICHE><BLOC_COMPETENCES><CODE>RNCP31114BC01</CODE></BLOC_COMPETENCES></DESTINATION>",
    );
    // Not every old bloc corresponds totally: no whole-fiche correspondence.
    expect(compact).not.toContain(
      "<CORRESPONDANCE><DESTINATION><NUMERO_FICHE>RNCP31114</NUMERO_FICHE></DESTINATION>",
    );
    // The file still reads back as a fiche.
    const back = await importRncpFiche(chunksOf(xml), "RNCP12345");
    expect(back.referential.nodes.filter((node) => node.kind === "bloc").length).toBe(4);
  });

  it("writes nothing of the kind for a référentiel that renews nothing", () => {
    const xml = exportRncpXml(demo());
    expect(xml).not.toContain("CORRESPONDANCES");
    expect(xml).not.toContain("ANCIENNES_CERTIFICATIONS");
  });

  it("adds the table to the Word document, as LibreOffice reads it", async () => {
    const office = ["libreoffice", "soffice"].find((cmd) => spawnSync("which", [cmd]).status === 0);
    if (!office) {
      if (process.env.REQUIRE_SERVICES === "1")
        throw new Error("LibreOffice est requis (REQUIRE_SERVICES=1)");
      console.warn("LibreOffice absent : table de correspondance Word non testée");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "refstudio-correspondence-"));
    try {
      const input = join(dir, "referentiel.docx");
      writeFileSync(input, await exportDocx(renewing()));
      const result = spawnSync(
        office,
        [
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--headless",
          "--convert-to",
          "txt:Text (encoded):UTF8",
          "--outdir",
          dir,
          input,
        ],
        { timeout: 120_000, encoding: "utf8" },
      );
      expect(result.status, result.stderr).toBe(0);
      const text = readFileSync(join(dir, "referentiel.txt"), "utf8").replace(/\s+/g, " ");
      expect(text).toContain("Table de correspondance");
      expect(text).toContain("Certification précédente : RNCP31114 — Développeur web");
      expect(text).toMatch(/Ancien bloc Nouveau\(x\) bloc\(s\) Correspondance Commentaire/);
      expect(text).toMatch(/BC01 Front RNCP12345BC01 .+ Totale/);
      expect(text).toMatch(
        /RNCP31114BC02 Back RNCP31114BC03 Données RNCP12345BC02 .+ Partielle Sans la partie données/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe("the correspondence table of an imported fiche", () => {
  /** RNCP37674 of the sample renews RNCP31114: its blocs 1 and 2 correspond totally to the old ones. */
  const imported = () => importRncpFiche(chunksOf(sampleXml()), "RNCP37674");
  const corresponding = (xml: string) => /<CORRESPONDANCES>[\s\S]*<\/CORRESPONDANCES>/.exec(xml)?.[0] ?? "";

  it("fills the table from CORRESPONDANCES and ANCIENNES_CERTIFICATIONS, its lines confirmed", async () => {
    const { referential } = await imported();
    const outline = buildOutline(referential);
    const idOf = (code: string) =>
      outline.blocs.find((entry) => outline.codes.get(entry.bloc.id) === code)?.bloc.id;
    expect(referential.meta.renewal?.previous).toEqual({ rncpCode: "RNCP31114", title: "" });
    expect(referential.meta.renewal?.rows.map(({ id: _, ...row }) => row)).toEqual([
      {
        old: [{ code: "RNCP31114BC01", title: "" }],
        new: [idOf("RNCP37674BC01")],
        coverage: "total",
        comment: "",
        confirmed: true,
      },
      {
        old: [{ code: "RNCP31114BC02", title: "" }],
        new: [idOf("RNCP37674BC02")],
        coverage: "total",
        comment: "",
        confirmed: true,
      },
    ]);
  });

  it("exports them back in the flux's shape: as published while untouched, from the table once edited", async () => {
    const { referential } = await imported();
    const published = corresponding(sampleXml().slice(0, sampleXml().indexOf("<NUMERO_FICHE>RNCP36490")));
    expect(published).not.toBe("");
    const untouched = exportRncpXml(referential);
    expect(corresponding(untouched)).toBe(published);
    expect(untouched).toContain(
      "<ID_FICHE_ANCIENNE_CERTIFICATION>RNCP31114</ID_FICHE_ANCIENNE_CERTIFICATION>",
    );

    // The team says the second old bloc corresponds only partly: no whole-fiche line any more.
    const renewal = referential.meta.renewal!;
    const edited = {
      ...referential,
      meta: {
        ...referential.meta,
        renewal: {
          ...renewal,
          rows: renewal.rows.map((row, i) => (i === 1 ? { ...row, coverage: "partial" as const } : row)),
        },
      },
    };
    const compact = (xml: string) => xml.replace(/\s+/g, "");
    const written = compact(corresponding(exportRncpXml(edited)));
    expect(written).not.toContain(
      "<CORRESPONDANCE><DESTINATION><NUMERO_FICHE>RNCP31114</NUMERO_FICHE></DESTINATION>",
    );
    // The lines themselves are the published ones.
    expect(compact(published)).toContain(
      written.replace("<CORRESPONDANCES>", "").replace("</CORRESPONDANCES>", ""),
    );
  });
});
