import { readFileSync } from "node:fs";
import {
  createReferential,
  readMeta,
  readNodes,
  SCHEMA_VERSION,
  SNAPSHOT_FORMAT,
  toReferential,
} from "@refstudio/schema";
import { classifyDocument, previewToReferential, readDocx } from "@refstudio/schema/import";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addMembers, type HttpClient, signedUpClient } from "../helpers/http-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * An imported Word table as the next version of an existing référentiel: one change that a
 * connected editor receives, the fiche kept, the previous content saved as a checkpoint; roles
 * and bad snapshots refused.
 */

const DOCX = new URL(
  "../../../shared/fixtures/documents/word/referentiel-chef-de-projet-marketing-communication.docx",
  import.meta.url,
);

let server: ServerProcess;
let owner: { http: HttpClient; id: string };
let viewer: { http: HttpClient; id: string };
const clients: SyncClient[] = [];

beforeAll(async () => {
  server = await startServer({ SIGNUP: "open" });
  owner = await signedUpClient(server.url, "Ophélie");
  viewer = await signedUpClient(server.url, "Victor");
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.dispose();
});

describe("import into an existing référentiel", () => {
  it("replaces blocs and items as one change everyone receives, keeps the fiche, saves what was there", async () => {
    const doc = new Y.Doc();
    createReferential(doc, { title: "Chef de projet (2019)", rncpCode: "RNCP12345", level: "NIV6" });
    const id = await owner.http.createReferential({
      snapshot: { format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential: toReferential(doc) },
    });
    const client = connectClient(server.url, id, owner.http.cookie);
    clients.push(client);
    await client.synced;

    const preview = classifyDocument(await readDocx(new Uint8Array(readFileSync(DOCX))), "Chef de projet");
    const referential = previewToReferential(preview);
    const answer = await owner.http.post<{ before: { name: string } }>(`/api/referentials/${id}/import`, {
      snapshot: { format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential },
      source: "referentiel.docx",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.before.name).toBe("Avant l'import de « referentiel.docx »");
    await waitFor(
      () => readNodes(client.doc).length === referential.nodes.length,
      "the import to reach the editor",
    );
    expect(readMeta(client.doc)).toMatchObject({
      title: "Chef de projet (2019)",
      rncpCode: "RNCP12345",
      level: "NIV6",
    });
    expect(readNodes(client.doc).filter((n) => n.kind === "bloc")).toHaveLength(4);
  });

  it("sets the title the user confirmed in the preview, in the document and in the list", async () => {
    const id = await owner.http.createReferential({ title: "Chef de projet (2019)" });
    const client = connectClient(server.url, id, owner.http.cookie);
    clients.push(client);
    await client.synced;
    const preview = classifyDocument(await readDocx(new Uint8Array(readFileSync(DOCX))), "Chef de projet");
    const snapshot = {
      format: SNAPSHOT_FORMAT,
      schemaVersion: SCHEMA_VERSION,
      referential: previewToReferential(preview),
    };
    const answer = await owner.http.post(`/api/referentials/${id}/import`, {
      snapshot,
      title: "  Chef de projet (2025)  ",
    });
    expect(answer.status).toBe(200);
    await waitFor(
      () => readMeta(client.doc).title === "Chef de projet (2025)",
      "the new title in the editor",
    );
    await waitFor(async () => {
      const list = await owner.http.get<{ referentials: { id: string; title: string }[] }>(
        "/api/referentials",
      );
      return list.body.referentials.find((r) => r.id === id)?.title === "Chef de projet (2025)";
    }, "the new title in the list");
    const empty = await owner.http.post(`/api/referentials/${id}/import`, { snapshot, title: "  " });
    expect(empty.status).toBe(400);
  });

  it("refuses a viewer, a non-member and a bad snapshot, and changes nothing", async () => {
    const id = await owner.http.createReferential({ title: "Vide" });
    await addMembers(owner.http, id, [[viewer.http, "viewer"]]);
    const snapshot = { format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential: { nodes: [] } };
    expect((await viewer.http.post(`/api/referentials/${id}/import`, { snapshot })).status).toBe(403);
    const bad = await owner.http.post<{ error: { code: string } }>(`/api/referentials/${id}/import`, {
      snapshot,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
    const versions = await owner.http.get<{ versions: unknown[] }>(`/api/referentials/${id}/versions`);
    expect(versions.body.versions).toEqual([]);
  });
});
