import {
  addNode,
  canonicalJson,
  createReferential,
  LOCAL_ORIGIN,
  nodesMap,
  nodeTitle,
  type Referential,
  readNode,
  toReferential,
  updateNode,
} from "@refstudio/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addMembers, type HttpClient, signedUpClient } from "../helpers/http-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { connectClient, type SyncClient } from "../helpers/sync-client.ts";
import { sleep, waitFor } from "../helpers/wait.ts";

/**
 * History against the real server and real y-websocket clients: who changed what (kept across
 * compaction and restarts), activity sessions, automatic checkpoints, comparison of versions and
 * a restore made while someone types.
 */

let server: ServerProcess;
let owner: { http: HttpClient; id: string };
let editor: { http: HttpClient; id: string };
const clients: SyncClient[] = [];

type Version = { id: string; kind: string; name: string; sha256: string; validated: boolean };
type ErrorBody = { error: { code: string } };

beforeAll(async () => {
  // Compaction after a few updates, and checkpoints after a short quiet period.
  server = await startServer({ SIGNUP: "open", COMPACT_AFTER: "5", CHECKPOINT_QUIET_MS: "400" });
  owner = await signedUpClient(server.url, "Odile");
  editor = await signedUpClient(server.url, "Eric");
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.dispose();
});

/** A référentiel with bloc b1 (activity a1, competencies c1 and c2), editor added as editor. */
async function newReferential(): Promise<string> {
  const doc = new Y.Doc();
  createReferential(doc, { title: "Historique" });
  addNode(doc, { kind: "bloc", id: "b1", title: "Analyse du marché" }, { parent: null });
  addNode(doc, { kind: "activity", id: "a1", title: "Veille" }, { parent: "b1" });
  addNode(doc, { kind: "competency", id: "c1", body: "Analyser le marché." }, { parent: "b1" });
  addNode(doc, { kind: "competency", id: "c2", body: "Organiser une veille." }, { parent: "b1" });
  const snapshot = { format: "refstudio.snapshot", schemaVersion: 1, referential: toReferential(doc) };
  const id = await owner.http.createReferential({ snapshot });
  await addMembers(owner.http, id, [[editor.http, "editor"]]);
  return id;
}

async function connect(who: { http: HttpClient }, id: string): Promise<SyncClient> {
  const client = connectClient(server.url, id, who.http.cookie);
  clients.push(client);
  await client.synced;
  return client;
}

const content = (doc: Y.Doc) => {
  const { meta, nodes } = toReferential(doc);
  return canonicalJson({ meta, nodes });
};

async function version(id: string, name: string): Promise<Version> {
  const made = await owner.http.post<Version>(`/api/referentials/${id}/versions`, { name });
  expect(made.status).toBe(201);
  return made.body;
}

describe("attribution and activity", () => {
  it("says who last changed each item and field, across compaction and a restart", async () => {
    const id = await newReferential();
    const eric = await connect(editor, id);
    updateNode(eric.doc, "c1", { body: "Analyser le marché et ses tendances." });
    for (let i = 0; i < 8; i++) updateNode(eric.doc, "a1", { title: `Veille ${i}` });
    const odile = await connect(owner, id);
    await waitFor(() => readNode(odile.doc, "a1")?.title === "Veille 7", "Odile to see Eric's edits");
    updateNode(odile.doc, "c2", { body: "Organiser une veille concurrentielle." });

    type Attribution = {
      targets: Record<
        string,
        { by: { id: string; name: string }; at: string; fields: Record<string, { by: { id: string } }> }
      >;
    };
    const read = async () => (await owner.http.get<Attribution>(`/api/referentials/${id}/attribution`)).body;
    await waitFor(
      async () => (await read()).targets.c2?.by.id === owner.id,
      "Odile's change to be attributed",
    );
    const before = await read();
    expect(before.targets.c1).toMatchObject({ by: { id: editor.id, name: "Eric" } });
    expect(before.targets.c1?.fields.body?.by.id).toBe(editor.id);
    expect(before.targets.a1?.fields.title?.by.id).toBe(editor.id);
    expect(Date.parse(before.targets.c2!.at)).toBeGreaterThan(Date.now() - 60_000);

    // Graceful restart: the room flushes its log into a snapshot; attribution must survive it.
    eric.destroy();
    odile.destroy();
    await server.stop();
    server = await server.restart();
    const after = await read();
    expect(after.targets.c1).toEqual(before.targets.c1);
    expect(after.targets.c2).toEqual(before.targets.c2);
    expect(after.targets.a1?.fields.title).toEqual(before.targets.a1?.fields.title);

    type Activity = {
      sessions: {
        by: { id: string };
        updates: number;
        inserted: number;
        blocs: { bloc: { code: string }; items: { code: string }[] }[];
      }[];
    };
    const activity = (await owner.http.get<Activity>(`/api/referentials/${id}/activity`)).body.sessions;
    const erics = activity.filter((session) => session.by.id === editor.id);
    expect(erics).toHaveLength(1);
    expect(erics[0]!.updates).toBe(9);
    expect(erics[0]!.blocs).toEqual([
      {
        bloc: expect.objectContaining({ code: "BC01" }),
        items: [expect.objectContaining({ code: "A1.1" }), expect.objectContaining({ code: "C1.1" })],
      },
    ]);
    expect(activity.some((session) => session.by.id === owner.id)).toBe(true);
  });

  it("saves an automatic checkpoint after a quiet period, and a bad `since` is a 400", async () => {
    const id = await newReferential();
    const eric = await connect(editor, id);
    updateNode(eric.doc, "c2", { body: "Organiser une veille outillée." });
    type Versions = { versions: Version[] };
    await waitFor(
      async () =>
        (await owner.http.get<Versions>(`/api/referentials/${id}/versions`)).body.versions.some(
          (v) => v.kind === "checkpoint",
        ),
      "an automatic checkpoint",
      20_000,
    );
    const [checkpoint] = (await owner.http.get<Versions>(`/api/referentials/${id}/versions`)).body.versions;
    const opened = await owner.http.get<{ snapshot: string }>(
      `/api/referentials/${id}/versions/${checkpoint!.id}`,
    );
    expect(opened.status).toBe(200);
    const referential = (JSON.parse(opened.body.snapshot) as { referential: Referential }).referential;
    expect(referential.nodes.find((node) => node.id === "c2")?.body).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "Organiser une veille outillée." }] },
    ]);
    const bad = await owner.http.get<ErrorBody>(`/api/referentials/${id}/activity?since=hier`);
    expect(bad.status).toBe(400);
  });
});

describe("compare and restore", () => {
  it("compares a version with now, structure first, and two saves of one state as the same content", async () => {
    const id = await newReferential();
    const v1 = await version(id, "V1");
    const snapshot = await owner.http.post<{ version: Version }>(`/api/referentials/${id}/snapshots`, {});
    // Same content saved twice: same sha256, and the same "validated" answer whatever the button.
    const listed = (
      await owner.http.get<{ versions: (Version & { sameContentAs: { id: string } | null })[] }>(
        `/api/referentials/${id}/versions`,
      )
    ).body.versions;
    if (snapshot.status === 200) {
      expect(snapshot.body.version.sha256).toBe(v1.sha256);
      expect(snapshot.body.version.validated).toBe(v1.validated);
      expect(listed.find((v) => v.id === snapshot.body.version.id)?.sameContentAs?.id).toBe(v1.id);
    } else expect(v1.validated).toBe(false);

    const eric = await connect(editor, id);
    addNode(
      eric.doc,
      { kind: "competency", id: "c3", body: "Piloter un budget." },
      { parent: "b1", index: 0 },
    );
    updateNode(eric.doc, "c1", { body: "Analyser le marché local." });
    type Compared = {
      sameContent: boolean;
      to: { current: boolean };
      comparison: {
        added: { ref: { code: string } }[];
        changed: {
          ref: { id: string };
          renumbered?: { from: string; to: string };
          fields: { parts?: { op: string; text: string }[] }[];
        }[];
      };
    };
    const path = `/api/referentials/${id}/versions/${v1.id}/compare/current`;
    await waitFor(
      async () => (await owner.http.get<Compared>(path)).body.comparison.added.length === 1,
      "the comparison to see Eric's competency",
    );
    const compared = (await owner.http.get<Compared>(path)).body;
    expect(compared.sameContent).toBe(false);
    expect(compared.to.current).toBe(true);
    expect(compared.comparison.added[0]?.ref.code).toBe("C1.1");
    const c1 = compared.comparison.changed.find((change) => change.ref.id === "c1");
    expect(c1?.renumbered).toEqual({ from: "C1.1", to: "C1.2" });
    expect(c1?.fields[0]?.parts).toContainEqual({ op: "insert", text: " local" });

    const same = await owner.http.get<Compared>(`/api/referentials/${id}/versions/${v1.id}/compare/${v1.id}`);
    expect(same.body.sameContent).toBe(true);
    expect((await owner.http.get(`/api/referentials/${id}/versions/nope/compare/current`)).status).toBe(404);
  });

  it("restores a version as one change while someone types: the typing is kept and everyone ends identical", async () => {
    const id = await newReferential();
    const v1 = await version(id, "Avant le chantier");
    const odile = await connect(owner, id);
    const eric = await connect(editor, id);
    addNode(
      eric.doc,
      { kind: "competency", id: "c9", body: "Compétence ajoutée après V1." },
      { parent: "b1" },
    );
    updateNode(eric.doc, "c1", { body: "Analyser le marché (réécrit)." });
    await waitFor(() => readNode(odile.doc, "c9") !== undefined, "Odile to receive Eric's work");

    // Eric keeps typing in a1's title while Odile restores V1.
    const title = nodeTitle(nodesMap(eric.doc).get("a1")!);
    let typing = true;
    let keystrokes = 0;
    const typed = (async () => {
      while (typing) {
        eric.doc.transact(() => title.insert(title.length, String(keystrokes++ % 10)), LOCAL_ORIGIN);
        await sleep(5);
      }
    })();
    type Restored = { restored: Version; before: Version | null; restore: Version | null };
    await waitFor(
      () => (readNode(odile.doc, "a1")?.title.length ?? 0) >= "Veille".length + 3,
      "Eric's typing to flow",
    );
    const answer = await owner.http.post<Restored>(`/api/referentials/${id}/versions/${v1.id}/restore`, {});
    expect(answer.status).toBe(200);
    await waitFor(() => readNode(eric.doc, "c9") === undefined, "Eric to receive the restore");
    // What Eric typed before the restore reached him is reverted (or merged); what he types after is kept.
    const whenRestored = title.toString();
    const countAtRestore = keystrokes;
    await waitFor(() => keystrokes >= countAtRestore + 3, "Eric to type on after the restore");
    typing = false;
    await typed;
    eric.doc.transact(() => title.insert(title.length, " FIN"), LOCAL_ORIGIN);
    const later = Array.from({ length: keystrokes - countAtRestore }, (_, i) =>
      String((countAtRestore + i) % 10),
    );

    await waitFor(() => content(eric.doc) === content(odile.doc), "both editors to end identical");
    expect(readNode(odile.doc, "a1")?.title).toBe(`${whenRestored}${later.join("")} FIN`);
    expect(whenRestored.startsWith("Veille")).toBe(true);
    expect(readNode(odile.doc, "c1")?.body).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "Analyser le marché." }] },
    ]);
    expect(readNode(odile.doc, "c9")).toBeUndefined();

    // Undo of the restore alone, by someone else than who restored: what it reverted comes back,
    // what Eric typed after it stays.
    expect(answer.body.restore?.kind).toBe("restore");
    expect(answer.body.before?.kind).toBe("checkpoint");
    const undoPath = `/api/referentials/${id}/restores/${answer.body.restore?.id}/undo`;
    const undo = await editor.http.post(undoPath, {});
    expect(undo.status).toBe(200);
    await waitFor(() => readNode(odile.doc, "c9") !== undefined, "the undo to reach Odile");
    await waitFor(() => content(eric.doc) === content(odile.doc), "both editors identical after the undo");
    expect(readNode(odile.doc, "c1")?.body[0]?.content?.[0]?.text).toBe("Analyser le marché (réécrit).");
    const undone = readNode(odile.doc, "a1")?.title ?? "";
    expect(undone.endsWith(`${later.join("")} FIN`)).toBe(true);
    expect(undone.length).toBeGreaterThan(`${whenRestored}${later.join("")} FIN`.length);
    // Done once; a version that is not a restore has nothing to undo.
    expect((await owner.http.post<ErrorBody>(undoPath, {})).body.error.code).toBe("already_undone");
    expect(
      (await owner.http.post<ErrorBody>(`/api/referentials/${id}/restores/${v1.id}/undo`, {})).body.error
        .code,
    ).toBe("not_a_restore");
  });

  it("lets only owners and editors restore", async () => {
    const id = await newReferential();
    const v1 = await version(id, "V1");
    const reviewer = await signedUpClient(server.url, "Rita");
    await addMembers(owner.http, id, [[reviewer.http, "reviewer"]]);
    const refused = await reviewer.http.post<ErrorBody>(
      `/api/referentials/${id}/versions/${v1.id}/restore`,
      {},
    );
    expect(refused.status).toBe(403);
    expect((await reviewer.http.post(`/api/referentials/${id}/restores/${v1.id}/undo`, {})).status).toBe(403);
    expect(
      (await reviewer.http.get(`/api/referentials/${id}/versions/${v1.id}/compare/current`)).status,
    ).toBe(200);
  });
});
