import { describe, expect, it } from "vitest";
import { buildOutline } from "../outline.ts";
import { type CFPackage, exportCase, META_KEY, REFSTUDIO_NAMESPACE, uuidV5 } from "./case.ts";
import { caseErrors } from "./caseCheck.ts";
import { importRncpFiche } from "./rncpImport.ts";
import { chunksOf, demo, sampleXml } from "./testHelpers.ts";

/** Errors against the official CASE 1.1 binding and OpenSALT's import schema, both at once. */
const check = (pkg: unknown) => {
  const errors = caseErrors(pkg);
  return [...errors.official.map((e) => `1.1 ${e}`), ...errors.opensalt.map((e) => `OpenSALT ${e}`)];
};

describe("CASE 1.1 export", () => {
  it("derives RFC 4122 version 5 UUIDs", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org")).toBe(
      "886313e1-3b8a-5372-9b90-0c9aee199e5d",
    );
    expect(REFSTUDIO_NAMESPACE).toBe("cb5e645f-5118-5044-b757-356bbf6a02d4");
  });

  it("writes a package that passes the CASE 1.1 schema, with items, ordered associations and rubrics", () => {
    const ref = demo();
    const outline = buildOutline(ref);
    const pkg = exportCase(ref, {
      baseUri: "https://studio.example/ims/case/v1p1/",
      sha256: "ab".repeat(32),
      versionName: "v1",
      date: "2024-05-02T10:00:00Z",
    });
    expect(check(pkg)).toEqual([]);
    expect(pkg.CFDocument).toMatchObject({
      title: "Chef de projet marketing et communication",
      version: "v1",
      lastChangeDateTime: "2024-05-02T10:00:00+00:00",
      notes: `Instantané sha256 ${"ab".repeat(32)}`,
      officialSourceURL: "https://www.francecompetences.fr/recherche/rncp/12345/",
      adoptionStatus: "Private Draft",
    });
    expect(pkg.CFDocument.uri).toBe(
      `https://studio.example/ims/case/v1p1/CFDocuments/${pkg.CFDocument.identifier}`,
    );

    const blocs = outline.blocs;
    const expectedItems = blocs.reduce(
      (n, b) => n + 1 + b.activities.length + b.competencies.length + b.modalities.length,
      outline.transversal.length,
    );
    expect(pkg.CFItems).toHaveLength(expectedItems);
    const itemByCode = new Map(pkg.CFItems.map((item) => [item.humanCodingScheme, item]));
    const childOf = pkg.CFAssociations.filter((a) => a.associationType === "isChildOf");
    expect(childOf).toHaveLength(expectedItems);
    // Blocs are children of the document, in order; activities then competencies are children of their bloc, in order.
    const children = (parent: string) =>
      childOf
        .filter((a) => a.destinationNodeURI.identifier === parent)
        .sort((a, b) => (a.sequenceNumber ?? 0) - (b.sequenceNumber ?? 0))
        .map((a) => pkg.CFItems.find((i) => i.identifier === a.originNodeURI.identifier)?.humanCodingScheme);
    expect(children(pkg.CFDocument.identifier)).toEqual(blocs.map((b) => outline.codes.get(b.bloc.id)));
    for (const entry of blocs) {
      const bloc = itemByCode.get(outline.codes.get(entry.bloc.id));
      expect(bloc?.CFItemType).toBe("Bloc de compétences");
      expect(children(bloc?.identifier ?? "")).toEqual(
        [...entry.activities, ...entry.competencies, ...entry.modalities].map((n) => outline.codes.get(n.id)),
      );
    }
    // A competency derived from two activities is related to both.
    const c12 = itemByCode.get("C1.2");
    expect(
      pkg.CFAssociations.filter(
        (a) => a.associationType === "isRelatedTo" && a.originNodeURI.identifier === c12?.identifier,
      )
        .map((a) => a.destinationNodeURI.title)
        .sort(),
    ).toEqual(["A1.2", "A1.3"]);

    expect(pkg.CFRubrics).toHaveLength(blocs.length);
    blocs.forEach((entry, b) => {
      const rubric = pkg.CFRubrics[b];
      expect(rubric?.title).toBe(`Évaluation du bloc ${outline.codes.get(entry.bloc.id)}`);
      expect(rubric?.description).toContain(entry.modalities[0]?.title.trim());
      const expected = entry.criteria.flatMap((c) =>
        (c.links.evaluates ?? []).map((id) => outline.codes.get(id)),
      );
      expect(rubric?.CFRubricCriteria.map((c) => c.category)).toEqual(expected);
      for (const criterion of rubric?.CFRubricCriteria ?? []) {
        expect(criterion.CFItemURI?.identifier).toBe(itemByCode.get(criterion.category)?.identifier);
        expect(criterion.rubricId).toBe(rubric?.identifier);
      }
    });
  });

  it("keeps identifiers stable across exports and distinct across référentiels", () => {
    const first = exportCase(demo(), { date: "2024-05-02" });
    const second = exportCase(demo(), { date: "2025-01-01" });
    const ids = (pkg: CFPackage) => [
      pkg.CFDocument.identifier,
      ...pkg.CFItems.map((i) => i.identifier),
      ...pkg.CFAssociations.map((a) => a.identifier),
      ...pkg.CFRubrics.flatMap((r) => [r.identifier, ...r.CFRubricCriteria.map((c) => c.identifier)]),
    ];
    expect(ids(second)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(ids(first).length);
    expect(first.CFItems[0]?.uri).toBe(`urn:uuid:${first.CFItems[0]?.identifier}`);
    const other = exportCase(demo(), { documentId: "another-referential" });
    expect(other.CFItems[0]?.identifier).not.toBe(first.CFItems[0]?.identifier);
  });

  it("exports an imported RNCP fiche, and the schema rejects a broken package", async () => {
    const { referential } = await importRncpFiche(chunksOf(sampleXml()), "RNCP36490");
    const pkg = exportCase(referential, { date: "2024-05-02" });
    expect(check(pkg)).toEqual([]);
    expect(pkg.CFItems.filter((i) => i.CFItemType === "Activité").map((i) => i.humanCodingScheme)).toContain(
      "1.1",
    );
    const broken = structuredClone(pkg) as unknown as { CFItems: Record<string, unknown>[] };
    delete broken.CFItems[0]?.fullStatement;
    // What the export used to write: a CFDocumentURI the 1.1 binding forbids.
    (broken.CFItems[1] as Record<string, unknown>).CFDocumentURI = { title: "x", identifier: "y", uri: "z" };
    const errors = caseErrors(broken);
    expect(errors.official.map((e) => e.replace(/ \{.*$/, ""))).toEqual([
      "/CFItems/0 must have required property 'fullStatement'",
      "/CFItems/1 must NOT have additional properties",
    ]);
    expect(errors.opensalt.map((e) => e.replace(/ \{.*$/, ""))).toEqual([
      "/CFItems/0 must have required property 'fullStatement'",
    ]);
  });

  it("points a criterion linked to no competency at its bloc, never at nothing", () => {
    const ref = demo();
    const criterion = ref.nodes.find((n) => n.kind === "criterion");
    if (!criterion) throw new Error("critère absent");
    criterion.links = { evaluates: [] };
    const pkg = exportCase(ref, { date: "2024-05-02T10:00:00Z" });
    expect(check(pkg)).toEqual([]);
    const all = pkg.CFRubrics.flatMap((r) => r.CFRubricCriteria);
    expect(all.every((c) => c.CFItemURI?.identifier)).toBe(true);
    const bloc = pkg.CFItems.find(
      (i) => i.humanCodingScheme === buildOutline(ref).codes.get(criterion.parent ?? ""),
    );
    expect(all.filter((c) => c.CFItemURI.identifier === bloc?.identifier)).toHaveLength(1);
  });

  it("dates each record with its own last change, the version's time otherwise (never midnight)", () => {
    const ref = demo();
    const competency = ref.nodes.find((n) => n.kind === "competency");
    if (!competency) throw new Error("compétence absente");
    const times: Record<string, string> = {
      [competency.id]: "2024-03-01T08:30:00.000Z",
      [META_KEY]: "2024-01-15T09:00:00.000Z",
    };
    const pkg = exportCase(ref, { date: "2024-05-02T10:12:13.456Z", changedAt: (key) => times[key] });
    const item = pkg.CFItems.find(
      (i) => i.identifier === uuidV5(pkg.CFDocument.identifier, `node:${competency.id}`),
    );
    expect(item?.lastChangeDateTime).toBe("2024-03-01T08:30:00+00:00");
    const others = pkg.CFItems.filter((i) => i !== item).map((i) => i.lastChangeDateTime);
    expect(new Set(others)).toEqual(new Set(["2024-05-02T10:12:13+00:00"]));
    expect(pkg.CFDefinitions.CFItemTypes[0]?.lastChangeDateTime).toBe("2024-01-15T09:00:00+00:00");
    expect(pkg.CFDocument.lastChangeDateTime).toBe("2024-05-02T10:12:13+00:00");
  });

  it("exports modalities as items related to the competencies they cover, prerequisites and general rules as text", () => {
    const ref = demo();
    ref.meta.modalitesGenerales = [{ type: "paragraph", content: [{ type: "text", text: "Jury final." }] }];
    const bloc = ref.nodes.find((n) => n.kind === "bloc");
    if (bloc?.kind !== "bloc") throw new Error("bloc absent");
    bloc.prerequis = "Avoir validé le stage.";
    const pkg = exportCase(ref, { date: "2024-05-02" });
    expect(check(pkg)).toEqual([]);
    const outline = buildOutline(ref);
    const modality = outline.blocs[0]?.modalities[0];
    const item = pkg.CFItems.find((i) => i.humanCodingScheme === outline.codes.get(modality?.id ?? ""));
    expect(item?.CFItemType).toBe("Modalité d'évaluation");
    const covered = pkg.CFAssociations.filter(
      (a) => a.associationType === "isRelatedTo" && a.originNodeURI.identifier === item?.identifier,
    ).map((a) => a.destinationNodeURI.title);
    expect(covered.sort()).toEqual((modality?.links.covers ?? []).map((id) => outline.codes.get(id)).sort());
    expect(pkg.CFDocument.description).toContain("Modalités générales d'évaluation :\nJury final.");
    const blocItem = pkg.CFItems.find((i) => i.humanCodingScheme === outline.codes.get(bloc.id));
    expect(blocItem?.notes).toContain("Prérequis à la validation : Avoir validé le stage.");
  });
});
