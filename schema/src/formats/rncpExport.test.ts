import { describe, expect, it } from "vitest";
import type { Referential } from "../model.ts";
import { buildOutline } from "../outline.ts";
import { competencyGroups } from "./exportView.ts";
import { richToLines, wordsOf } from "./freeText.ts";
import { exportRncpXml } from "./rncpExport.ts";
import { ficheToReferential, importRncpFiche } from "./rncpImport.ts";
import { type RncpFiche, readRncpFiches } from "./rncpReader.ts";
import { chunksOf, demo, missingWords, rawBlocs, sampleXml } from "./testHelpers.ts";

const xml = sampleXml();
const NUMBERS = [...new Set(rawBlocs(xml).map((b) => b.fiche))];

async function readBack(text: string): Promise<RncpFiche[]> {
  const fiches: RncpFiche[] = [];
  for await (const fiche of readRncpFiches(chunksOf(text))) fiches.push(fiche);
  return fiches;
}

/** What must survive export then import: per bloc, codes, texts (as words) and links (as codes). */
function digest(ref: Referential) {
  const outline = buildOutline(ref);
  const code = (id: string) => outline.codes.get(id) ?? "?";
  const words = (title: string, body: Referential["nodes"][number]["body"]) =>
    wordsOf([title, ...richToLines(body)].join(" ")).join(" ");
  return outline.blocs.map((entry) => ({
    code: code(entry.bloc.id),
    title: entry.bloc.title,
    description: words("", entry.bloc.body),
    activities: entry.activities.map((a) => [code(a.id), words(a.title, a.body)]),
    competencies: competencyGroups(entry)
      .flatMap((g) =>
        g.competencies.map((c) => [
          code(c.id),
          words(c.title, c.body),
          g.activity ? code(g.activity.id) : null,
        ]),
      )
      .sort(),
    modalities: entry.modalities.map((m) => [
      words(m.title, m.body),
      m.duration,
      (m.links.covers ?? []).map(code).sort(),
    ]),
    criteria: entry.criteria.map((c) => [words(c.title, c.body), (c.links.evaluates ?? []).map(code).sort()]),
  }));
}

describe("RNCP XML export", () => {
  it.each(NUMBERS)(
    "keeps the codes, titles and every word of fiche %s, and imports back the same",
    async (number) => {
      const first = await importRncpFiche(chunksOf(xml), number);
      const exported = exportRncpXml(first.referential);
      const [fiche, ...others] = await readBack(exported);
      expect(others).toEqual([]);
      const sources = rawBlocs(xml).filter((b) => b.fiche === number);
      expect(fiche?.blocs.map((b) => [b.code, b.title])).toEqual(sources.map((b) => [b.code, b.title]));
      sources.forEach((source, i) => {
        const out = fiche?.blocs[i];
        expect(
          missingWords(
            `${source.competencies}\n${source.modalities}`,
            `${out?.competencies}\n${out?.modalities}`,
          ),
          source.code,
        ).toEqual([]);
      });
      const again = await importRncpFiche(chunksOf(exported), number);
      expect(digest(again.referential)).toEqual(digest(first.referential));
      expect(again.flags).toEqual([]);
      expect(again.referential.meta).toEqual(first.referential.meta);
    },
  );

  it("exports a référentiel made in the editor and imports back its blocs, competencies, modalities and criteria", async () => {
    const ref = demo();
    const exported = exportRncpXml(ref);
    const back = await importRncpFiche(chunksOf(exported), "RNCP12345");
    expect(digest(back.referential)).toEqual(digest(ref));
    // Codes derived from positions stay derived: nothing gets pinned but the bloc codes.
    expect(back.referential.nodes.filter((n) => n.kind !== "bloc" && n.pinnedCode !== null)).toEqual([]);
    expect(back.flags).toEqual([]);
  });

  it("writes the meta, escapes markup and carries the snapshot's version and hash", async () => {
    const ref = demo();
    ref.meta.title = 'Chef de projet <marketing> & "communication"\u0001';
    ref.meta.certifiers = [{ name: "École & Cie", siret: "12345678901234" }, { name: "Sans SIRET" }];
    ref.meta.nsf = ["310m"];
    ref.meta.rome = ["M1705"];
    ref.meta.formacodes = ["34566"];
    ref.meta.activitesVisees = [
      { type: "paragraph", content: [{ type: "text", text: "Piloter des projets :" }] },
      {
        type: "bulletList",
        content: [
          {
            type: "listItem",
            content: [{ type: "paragraph", content: [{ type: "text", text: "marketing" }] }],
          },
        ],
      },
    ];
    const exported = exportRncpXml(ref, {
      sha256: "ab".repeat(32),
      versionName: "v1 -- finale",
      date: "2024-05-02T10:00:00Z",
    });
    expect(exported).toContain(
      "<!-- Exporté par Référentiel Studio — version « v1 - finale » — du 2024-05-02 — sha256 abab",
    );
    expect(exported).toContain('<INTITULE>Chef de projet &lt;marketing&gt; &amp; "communication"</INTITULE>');
    expect(exported).toContain("<NIVEAU>NIV6</NIVEAU>");
    const [fiche] = await readBack(exported);
    expect(fiche?.certifiers).toEqual([
      { name: "École & Cie", siret: "12345678901234" },
      { name: "Sans SIRET", siret: "" },
    ]);
    expect([fiche?.nsf, fiche?.rome, fiche?.formacodes, fiche?.level]).toEqual([
      ["310m"],
      ["M1705"],
      ["34566"],
      "NIV6",
    ]);
    expect(fiche?.texts.activitesVisees).toBe("Piloter des projets :\n- marketing");
    const back = ficheToReferential(fiche as RncpFiche).referential;
    expect(back.meta.activitesVisees).toEqual(ref.meta.activitesVisees);
    expect(back.meta.certifiers).toEqual([
      { name: "École & Cie", siret: "12345678901234" },
      { name: "Sans SIRET" },
    ]);
  });

  it("writes a transversal modality into every bloc it covers, with the codes it covers there", async () => {
    const ref = demo();
    ref.nodes.push({
      id: "thesis",
      kind: "modality",
      parent: null,
      order: "a0",
      pinnedCode: null,
      title: "Thèse professionnelle",
      body: [{ type: "paragraph", content: [{ type: "text", text: "Mémoire soutenu devant un jury." }] }],
      links: { covers: ["b1-c1", "b1-c2", "b3-c4"] },
      modalityType: "dossier",
      grouping: "individual",
      duration: "45 min",
    });
    const [fiche] = await readBack(exportRncpXml(ref));
    expect(fiche?.blocs[0]?.modalities).toContain(
      "C1.1 et C1.2 : Thèse professionnelle : 45 min\nMémoire soutenu devant un jury.",
    );
    expect(fiche?.blocs[2]?.modalities).toContain("C3.4 : Thèse professionnelle : 45 min");
    expect(fiche?.blocs[1]?.modalities).not.toContain("Thèse");
  });
});
