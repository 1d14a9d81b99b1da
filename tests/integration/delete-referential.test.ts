import { addNode, nodesMap } from "@refstudio/schema";
import { openSqliteStores } from "@refstudio/sync-server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembers, signedUpClient } from "../helpers/http-client.ts";
import { metric } from "../helpers/metrics.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

/**
 * Deleting a référentiel (owners only): its record, members, versions and document are gone, open
 * connections are closed with 4410 and a French reason, nobody can open it again, and the
 * server writes nothing of it back, neither when its room unloads nor when it stops.
 */

type Member = Awaited<ReturnType<typeof signedUpClient>>;

let server: ServerProcess;
let owner: Member;
let editor: Member;
const opened: RawClient[] = [];

async function raw(who: Member, id: string): Promise<RawClient> {
  const client = await RawClient.open(server.url, id, { cookie: who.http.cookie, origin: server.url });
  opened.push(client);
  await client.synced;
  return client;
}

beforeAll(async () => {
  // Unloading at once: a deleted room must not be flushed back into the store.
  server = await startServer({ SIGNUP: "open", IDLE_UNLOAD_MS: "50" });
  owner = await signedUpClient(server.url, "Proprietaire");
  editor = await signedUpClient(server.url, "Editeur");
});

afterAll(async () => {
  for (const client of opened) client.close();
  await server?.dispose();
});

describe("DELETE /api/referentials/:id", () => {
  it("refuses a non-owner (403) and changes nothing", async () => {
    const id = await owner.http.createReferential({ title: "Pas à vous" });
    await addMembers(owner.http, id, [[editor.http, "editor"]]);
    const refused = await editor.http.delete(`/api/referentials/${id}`);
    expect(refused.status).toBe(403);
    expect((await owner.http.get(`/api/referentials/${id}`)).status).toBe(200);
    expect((await editor.http.get(`/api/referentials/${id}`)).status).toBe(200);
  });

  it("removes everything, closes open connections with 4410, and nobody can open it again", async () => {
    const id = await owner.http.createReferential({ title: "À supprimer" });
    await addMembers(owner.http, id, [[editor.http, "editor"]]);
    const writer = await raw(editor, id);
    writer.sendEdit((doc) => addNode(doc, { kind: "bloc", title: "Bloc écrit" }, { parent: null }));
    const watcher = await raw(owner, id);
    await waitFor(() => nodesMap(watcher.doc).size > 0, "the edit to reach the owner");
    expect((await owner.http.post(`/api/referentials/${id}/versions`, { name: "V1" })).status).toBe(201);

    const deleted = await owner.http.delete(`/api/referentials/${id}`);
    expect(deleted.status).toBe(204);
    for (const client of [writer, watcher]) {
      const closed = await client.closed;
      expect(closed.code).toBe(4410);
      expect(closed.reason).toMatch(/supprimé/);
    }
    for (const who of [owner, editor]) {
      expect((await who.http.get(`/api/referentials/${id}`)).status).toBe(404);
      const list = await who.http.get<{ referentials: { id: string }[] }>("/api/referentials");
      expect(list.body.referentials.map((r) => r.id)).not.toContain(id);
    }
    expect((await owner.http.get(`/api/referentials/${id}/versions`)).status).toBe(404);
    await expect(raw(owner, id)).rejects.toMatchObject({ status: 403 });
    expect((await owner.http.delete(`/api/referentials/${id}`)).status).toBe(404);

    // Nothing of its document is written back, neither on unload nor when the server stops.
    await waitFor(
      async () => (await metric(server.url, "refstudio_loaded_documents")) === 0,
      "rooms unloaded",
    );
    expect(await server.stop()).toBe(0);
    const stores = openSqliteStores(server.dataDir);
    try {
      expect(await stores.docs.load(id)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await stores.app.versions(id)).toEqual([]);
      expect(await stores.app.referential(id)).toBeNull();
    } finally {
      await stores.close();
    }
  });
});
