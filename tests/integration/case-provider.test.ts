import { type CaseRecordKind, caseErrors, caseRecordErrors } from "@refstudio/schema/case-check";
import { type CFPackage, setMeta } from "@refstudio/schema/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * The CASE 1.1 REST provider: an owner publishes a version; a CASE consumer, without any account,
 * lists the published documents, fetches the package through its CFPackageURI and every record
 * through its `uri`, all under PUBLIC_URL (here a reverse proxy's address, mapped back to the server).
 */

const PUBLIC_URL = "https://referentiels.example.test/studio";
let server: ServerProcess;
let owner: HttpClient;

beforeAll(async () => {
  server = await startServer({ PUBLIC_URL: `${PUBLIC_URL}/`, SIGNUP: "open" });
  owner = new HttpClient(server.url);
  await owner.signUp(newAccount("Publieuse"));
});

afterAll(async () => {
  await server?.dispose();
});

/** Fetches a public URL the way the proxy in front of the server would serve it (no cookie). */
async function fetchPublic<T>(uri: string): Promise<{ status: number; body: T; cors: string | null }> {
  expect(uri.startsWith(`${PUBLIC_URL}/ims/case/v1p1/`), uri).toBe(true);
  const response = await fetch(`${server.url}${uri.slice(PUBLIC_URL.length).replace(/#.*$/, "")}`);
  return {
    status: response.status,
    body: (await response.json()) as T,
    cors: response.headers.get("access-control-allow-origin"),
  };
}

type Documents = { CFDocuments: { identifier: string; title: string; CFPackageURI: { uri: string } }[] };

describe("CASE 1.1 provider", () => {
  it("serves the published version only, every record at its uri, valid against the official binding", async () => {
    const id = await owner.createReferential({ demo: true });
    const client = await RawClient.open(server.url, id, { cookie: owner.cookie, origin: server.url });
    await client.synced;
    client.sendEdit((doc) => setMeta(doc, { rncpCode: "RNCP54321", level: "NIV6" }));
    await waitFor(
      async () =>
        (await owner.get<{ rncpCode: string }>(`/api/referentials/${id}`)).body.rncpCode === "RNCP54321",
      "the RNCP number to reach the server",
    );
    client.close();
    const first = await owner.post<{ id: string }>(`/api/referentials/${id}/versions`, { name: "Dépôt 1" });
    const second = await owner.post<{ id: string }>(`/api/referentials/${id}/versions`, { name: "Dépôt 2" });
    const list = `${PUBLIC_URL}/ims/case/v1p1/CFDocuments`;
    const titles = async () => (await fetchPublic<Documents>(list)).body.CFDocuments.map((d) => d.title);
    expect(await titles()).not.toContain("Chef de projet marketing et communication");

    const stranger = new HttpClient(server.url);
    await stranger.signUp(newAccount("Inconnu"));
    const refused = await stranger.put(`/api/referentials/${id}/case-publication`, {
      versionId: first.body.id,
    });
    expect(refused.status).toBe(403);
    const published = await owner.put<{ publication: { versionId: string; url: string } }>(
      `/api/referentials/${id}/case-publication`,
      { versionId: second.body.id },
    );
    expect(published.status).toBe(200);
    expect(published.body.publication.versionId).toBe(second.body.id);

    const documents = await fetchPublic<Documents>(list);
    expect(documents.cors).toBe("*");
    const document = documents.body.CFDocuments.find(
      (d) => d.title === "Chef de projet marketing et communication",
    );
    if (!document) throw new Error("document publié absent de la liste");
    expect(document.CFPackageURI.uri).toBe(published.body.publication.url);
    const { status, body: pkg } = await fetchPublic<CFPackage>(document.CFPackageURI.uri);
    expect(status).toBe(200);
    expect(caseErrors(pkg)).toEqual({ official: [], opensalt: [] });
    expect(pkg.CFDocument.version).toBe("Dépôt 2");

    const check = async (kind: CaseRecordKind, record: { uri: string }, link: boolean) => {
      const fetched = await fetchPublic<Record<string, unknown>>(record.uri);
      expect(fetched.status, record.uri).toBe(200);
      const { CFDocumentURI, CFPackageURI, ...rest } = fetched.body;
      if (link)
        expect(CFDocumentURI).toMatchObject({
          identifier: pkg.CFDocument.identifier,
          uri: pkg.CFDocument.uri,
        });
      expect(rest).toEqual(record);
      expect(caseRecordErrors(kind, rest), record.uri).toEqual([]);
      return CFPackageURI;
    };
    expect(await check("CFPckgDocumentDType", pkg.CFDocument, false)).toMatchObject({
      uri: document.CFPackageURI.uri,
    });
    for (const item of pkg.CFItems) await check("CFPckgItemDType", item, true);
    for (const association of pkg.CFAssociations) await check("CFPckgAssociationDType", association, true);
    for (const rubric of pkg.CFRubrics) {
      await check("CFRubricDType", rubric, false);
      for (const criterion of rubric.CFRubricCriteria)
        expect(criterion.uri.startsWith(rubric.uri)).toBe(true);
    }
    for (const type of pkg.CFDefinitions.CFItemTypes ?? []) await check("CFItemTypeDType", type, false);
    expect(pkg.CFItems.length).toBeGreaterThan(26);

    // Withdrawn: no longer listed, no longer served.
    await owner.put(`/api/referentials/${id}/case-publication`, { versionId: null });
    expect(await titles()).not.toContain("Chef de projet marketing et communication");
    expect((await fetchPublic(document.CFPackageURI.uri)).status).toBe(404);
    expect((await fetchPublic(pkg.CFItems[0]?.uri ?? "")).status).toBe(404);
  }, 120_000);
});
