import { importRncpFiche, parseSnapshot, setMeta } from "@refstudio/schema";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

/** The dossier's documents downloaded from a version: Word, France Compétences XML, CASE. */

let server: ServerProcess;
let owner: HttpClient;

type ErrorBody = { error: { code: string; message: string; issues?: { severity: string }[] } };

beforeAll(async () => {
  server = await startServer();
  owner = new HttpClient(server.url);
  await owner.signUp(newAccount("Exportateur"));
});

afterAll(async () => {
  await server?.dispose();
});

async function download(client: HttpClient, path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: client.cookie ?? "" } });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function newVersion(id: string, name: string): Promise<string> {
  const created = await owner.post<{ id: string }>(`/api/referentials/${id}/versions`, { name });
  expect(created.status).toBe(201);
  return created.body.id;
}

describe("exports of a version", () => {
  it("refuses the Word document while the version has errors, and makes it once they are fixed", async () => {
    const id = await owner.createReferential({ demo: true });
    const draft = await newVersion(id, "Brouillon");
    const refused = await owner.get<ErrorBody>(`/api/referentials/${id}/versions/${draft}/export/docx`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("validation_failed");
    expect(refused.body.error.message).toMatch(/sans erreur/);
    expect(refused.body.error.issues?.length).toBeGreaterThan(0);

    const client = await RawClient.open(server.url, id, { cookie: owner.cookie, origin: server.url });
    await client.synced;
    client.sendEdit((doc) =>
      setMeta(doc, { rncpCode: "RNCP12345", level: "NIV6", certifiers: [{ name: "École de test" }] }),
    );
    await waitFor(
      async () =>
        (await owner.get<{ errors: number }>(`/api/referentials/${id}/validation`)).body.errors === 0,
      "the fixes to clear every error",
    );
    client.close();
    const clean = await newVersion(id, "Dépôt 1");
    const { response, bytes } = await download(
      owner,
      `/api/referentials/${id}/versions/${clean}/export/docx`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("wordprocessingml");
    expect(response.headers.get("content-disposition")).toMatch(
      /filename="RNCP12345_Depot-1_\d{4}-\d{2}-\d{2}\.docx"/,
    );
    const zip = await JSZip.loadAsync(bytes);
    const documentXml = await zip.file("word/document.xml")?.async("string");
    expect(documentXml).toContain("Critères d&apos;évaluation");
    expect(documentXml).toContain("Analyser les caractéristiques du marché");
  });

  it("exports France Compétences XML that imports back to the same blocs and competencies", async () => {
    const id = await owner.createReferential({ demo: true });
    const client = await RawClient.open(server.url, id, { cookie: owner.cookie, origin: server.url });
    await client.synced;
    client.sendEdit((doc) => setMeta(doc, { rncpCode: "RNCP54321" }));
    await waitFor(
      async () =>
        (await owner.get<{ rncpCode: string }>(`/api/referentials/${id}`)).body.rncpCode === "RNCP54321",
      "the RNCP number to reach the server",
    );
    client.close();
    const version = await newVersion(id, "XML");
    const { response, bytes } = await download(
      owner,
      `/api/referentials/${id}/versions/${version}/export/xml`,
    );
    expect(response.status).toBe(200);
    const xml = new TextDecoder().decode(bytes);
    expect(xml).toContain("<BLOCS_COMPETENCES>");
    const snapshot = await owner.get<{ snapshot: string }>(`/api/referentials/${id}/versions/${version}`);
    const source = parseSnapshot(snapshot.body.snapshot).referential;
    const { referential } = await importRncpFiche(
      (async function* () {
        yield xml;
      })(),
      "RNCP54321",
    );
    const count = (ref: typeof source, kind: string) => ref.nodes.filter((n) => n.kind === kind).length;
    for (const kind of ["bloc", "competency", "modality"]) {
      expect(count(referential, kind)).toBe(count(source, kind));
    }
  });

  it("exports a CASE 1.1 package with stable identifiers", async () => {
    const id = await owner.createReferential({ demo: true });
    const first = await newVersion(id, "CASE 1");
    const second = await newVersion(id, "CASE 2");
    const read = async (version: string) => {
      const { response, bytes } = await download(
        owner,
        `/api/referentials/${id}/versions/${version}/export/case`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/_CASE\.json|CASE.*\.json/);
      return JSON.parse(new TextDecoder().decode(bytes));
    };
    const a = await read(first);
    const b = await read(second);
    expect(a.CFDocument.identifier).toBe(b.CFDocument.identifier);
    expect(a.CFItems.map((item: { identifier: string }) => item.identifier)).toEqual(
      b.CFItems.map((item: { identifier: string }) => item.identifier),
    );
    expect(a.CFItems.length).toBeGreaterThan(26);
  });

  it("answers unknown formats, unknown versions and strangers with JSON errors", async () => {
    const id = await owner.createReferential({ demo: true });
    const version = await newVersion(id, "Erreurs");
    const unknown = await owner.get<ErrorBody>(`/api/referentials/${id}/versions/${version}/export/pdf`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("unknown_format");
    const missing = await owner.get<ErrorBody>(`/api/referentials/${id}/versions/nope/export/xml`);
    expect(missing.status).toBe(404);
    const stranger = new HttpClient(server.url);
    const anonymous = await stranger.get<ErrorBody>(`/api/referentials/${id}/versions/${version}/export/xml`);
    expect(anonymous.status).toBe(401);
  });
});
