import { addComment, importRncpFiche, nodesMap, parseSnapshot, setMeta } from "@refstudio/schema";
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
  it("gives a Word draft of a version with errors (marked, errors annexed), and the validated document once fixed", async () => {
    const id = await owner.createReferential({ demo: true });
    const draft = await newVersion(id, "Brouillon");
    const wordOf = async (version: string) => {
      const { response, bytes } = await download(
        owner,
        `/api/referentials/${id}/versions/${version}/export/docx`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("wordprocessingml");
      const zip = await JSZip.loadAsync(bytes);
      const headers = await Promise.all(
        Object.keys(zip.files)
          .filter((name) => /^word\/header\d*\.xml$/.test(name))
          .map((name) => zip.file(name)?.async("string")),
      );
      return {
        disposition: response.headers.get("content-disposition") ?? "",
        body: (await zip.file("word/document.xml")?.async("string")) ?? "",
        headers: headers.join(""),
      };
    };
    const drafted = await wordOf(draft);
    expect(drafted.disposition).toMatch(/projet/);
    expect(drafted.headers).toContain("PROJET — NON VALIDÉ");
    expect(drafted.body).toContain("Annexe — erreurs à corriger avant validation");

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
    const word = await wordOf(clean);
    expect(word.disposition).toMatch(/filename="RNCP12345_Depot-1_\d{4}-\d{2}-\d{2}\.docx"/);
    expect(word.headers).not.toContain("NON VALIDÉ");
    expect(word.body).toContain("Critères d&apos;évaluation");
    expect(word.body).toContain("Analyser les caractéristiques du marché");
    expect(word.body).not.toContain("Annexe — erreurs");
  });

  it("keeps review threads out of the snapshot JSON and gives them as their own export", async () => {
    const id = await owner.createReferential({ demo: true });
    const client = await RawClient.open(server.url, id, { cookie: owner.cookie, origin: server.url });
    await client.synced;
    const me = (await owner.get<{ user: { id: string } }>("/api/session")).body.user.id;
    client.sendEdit((doc) => {
      const [nodeId] = [...nodesMap(doc).keys()];
      addComment(doc, { node: nodeId ?? "" }, { author: me, body: "Discussion interne du jury" });
    });
    await waitFor(
      async () =>
        (
          (
            await owner.get<{ warnings: number; issues: { rule: string }[] }>(
              `/api/referentials/${id}/validation`,
            )
          ).body.issues ?? []
        ).some((issue) => issue.rule === "comments.open"),
      "the comment to reach the server",
    );
    client.close();
    const version = await newVersion(id, "Avec fil");
    const snapshot = await download(owner, `/api/referentials/${id}/versions/${version}/snapshot.json`);
    const json = new TextDecoder().decode(snapshot.bytes);
    expect(json).not.toContain("Discussion interne du jury");
    expect(JSON.parse(json).referential.comments).toEqual([]);
    const comments = await download(owner, `/api/referentials/${id}/versions/${version}/export/comments`);
    expect(comments.response.status).toBe(200);
    const threads = JSON.parse(new TextDecoder().decode(comments.bytes)).threads;
    expect(threads[0].messages[0]).toMatchObject({ body: "Discussion interne du jury", author: me });
  });

  it("refuses the XML of a référentiel without RNCP code with a clear message", async () => {
    const id = await owner.createReferential({ demo: true });
    const version = await newVersion(id, "Sans code");
    const refused = await owner.get<ErrorBody>(`/api/referentials/${id}/versions/${version}/export/xml`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "export_refused" });
    expect(refused.body.error.message).toMatch(/renseignez le code RNCP/);
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
