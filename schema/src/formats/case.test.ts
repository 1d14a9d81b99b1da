import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { buildOutline } from "../outline.ts";
import { type CFPackage, exportCase, REFSTUDIO_NAMESPACE, uuidV5 } from "./case.ts";
import { importRncpFiche } from "./rncpImport.ts";
import { chunksOf, demo, sampleXml } from "./testHelpers.ts";

const schema = JSON.parse(readFileSync(new URL("./case.schema.json", import.meta.url), "utf8"));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const check = (pkg: unknown) => {
  const ok = validate(pkg);
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
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
    const expectedItems = blocs.reduce((n, b) => n + 1 + b.activities.length + b.competencies.length, 0);
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
        [...entry.activities, ...entry.competencies].map((n) => outline.codes.get(n.id)),
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
      expect(rubric?.description).toContain(entry.modalities[0]?.title);
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
    (broken.CFItems[1] as Record<string, unknown>).identifier = "not-a-uuid";
    expect(check(broken)).toEqual([
      "/CFItems/0 must have required property 'fullStatement'",
      '/CFItems/1/identifier must match pattern "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"',
    ]);
  });
});
