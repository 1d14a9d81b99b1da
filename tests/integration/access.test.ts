import { addNode, updateNode } from "@refstudio/schema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMembers, HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { sleep, waitFor } from "../helpers/wait.ts";

/** Who may join and change a référentiel: adding members privately, archived means read-only. */

type Member = { http: HttpClient; id: string; email: string };
type ErrorBody = { error: { code: string; message: string } };

let server: ServerProcess;
let owner: Member;
const opened: { close(): void }[] = [];

async function member(name: string): Promise<Member> {
  const http = new HttpClient(server.url);
  const account = newAccount(name);
  const user = await http.signUp(account);
  return { http, id: user.id, email: user.email };
}

async function raw(who: Member, id: string): Promise<RawClient> {
  const client = await RawClient.open(server.url, id, { cookie: who.http.cookie, origin: server.url });
  opened.push(client);
  await client.synced;
  return client;
}

beforeAll(async () => {
  server = await startServer({ SIGNUP: "open" });
  owner = await member("Proprietaire");
}, 60_000);

afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

afterAll(async () => {
  await server?.dispose();
});

describe("adding a member by email", () => {
  it("answers the same whether or not an account exists, and adds nobody before they accept", async () => {
    const id = await owner.http.createReferential({ title: "Discrétion" });
    const existing = await member("Existante");
    const unknown = newAccount("Inconnue");
    const answers = await Promise.all(
      [existing.email, unknown.email].map((email) =>
        owner.http.post<Record<string, unknown>>(`/api/referentials/${id}/members`, {
          email,
          role: "editor",
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body).sort()).toEqual(["invitation", "mailed"]);
      expect(Object.keys(answer.body.invitation as object).sort()).toEqual(["email", "role", "url"]);
    }
    expect(answers[0]?.body.mailed).toBe(answers[1]?.body.mailed);
    const text = JSON.stringify(answers[0]?.body);
    expect(text).not.toContain(existing.id);
    expect(text).not.toContain("Existante");
    const listed = await owner.http.get<{ members: { userId: string }[] }>(`/api/referentials/${id}/members`);
    expect(listed.body.members.map((m) => m.userId)).toEqual([owner.id]);

    // The person accepts with the account they have: then, and only then, a member.
    const invitation = answers[0]?.body.invitation as { url: string };
    const token = invitation.url.split("/").pop();
    expect((await existing.http.post(`/api/invitations/${token}/accept`)).status).toBe(200);
    const after = await owner.http.get<{ members: { userId: string; role: string }[] }>(
      `/api/referentials/${id}/members`,
    );
    expect(after.body.members).toContainEqual(
      expect.objectContaining({ userId: existing.id, role: "editor" }),
    );
  });

  it("says when the address is already a member (the owner sees the list anyway)", async () => {
    const id = await owner.http.createReferential({ title: "Déjà là" });
    const colleague = await member("Collegue");
    await addMembers(owner.http, id, [[colleague.http, "viewer"]]);
    const again = await owner.http.post<ErrorBody>(`/api/referentials/${id}/members`, {
      email: colleague.email,
      role: "editor",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_member");
  });
});

describe("an archived référentiel", () => {
  it("refuses every change, from connections and the API, until an owner unarchives it", async () => {
    const id = await owner.http.createReferential({ title: "Archivable" });
    const editor = await member("Editrice");
    const newcomer = await member("Nouvelle");
    await addMembers(owner.http, id, [[editor.http, "editor"]]);
    const before = await raw(editor, id);
    let bloc = "";
    before.sendEdit((doc) => {
      bloc = addNode(doc, { kind: "bloc", title: "Bloc" }, { parent: null });
    });
    await waitFor(async () => (await raw(owner, id)).doc.getMap("nodes").has(bloc), "the bloc to be stored");

    const archived = await owner.http.patch<{ archived: boolean }>(`/api/referentials/${id}`, {
      archived: true,
    });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);

    // An open connection: its next change is refused with the reason.
    before.sendEdit((doc) => updateNode(doc, bloc, { title: "Modifié malgré l'archive" }));
    const closed = await Promise.race([before.closed, sleep(15_000).then(() => null)]);
    expect(closed?.code).toBe(4403);
    expect(closed?.reason).toMatch(/archivé/);
    // A new one reads, and cannot write either.
    const reader = await raw(editor, id);
    expect(JSON.stringify(reader.doc.getMap("nodes").toJSON())).not.toContain("Modifié malgré");
    reader.sendEdit((doc) => updateNode(doc, bloc, { title: "Encore" }));
    expect((await reader.closed).code).toBe(4403);

    const refusals = [
      await owner.http.patch<ErrorBody>(`/api/referentials/${id}`, { title: "Renommé" }),
      await editor.http.post<ErrorBody>(`/api/referentials/${id}/versions`, { name: "V1" }),
      await owner.http.post<ErrorBody>(`/api/referentials/${id}/snapshots`, {}),
      await owner.http.post<ErrorBody>(`/api/referentials/${id}/members`, {
        email: newcomer.email,
        role: "viewer",
      }),
      await owner.http.patch<ErrorBody>(`/api/referentials/${id}/members/${editor.id}`, { role: "viewer" }),
      await owner.http.delete<ErrorBody>(`/api/referentials/${id}/members/${editor.id}`),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(409);
      expect(refusal.body.error.code).toBe("archived");
      expect(refusal.body.error.message).toMatch(/archivé/);
    }
    // Reading still works.
    expect((await editor.http.get(`/api/referentials/${id}/validation`)).status).toBe(200);
    expect((await editor.http.get(`/api/referentials/${id}/versions`)).status).toBe(200);

    const unarchived = await owner.http.patch<{ archived: boolean }>(`/api/referentials/${id}`, {
      archived: false,
      title: "Désarchivé",
    });
    expect(unarchived.status).toBe(200);
    expect(unarchived.body.archived).toBe(false);
    const writer = await raw(editor, id);
    writer.sendEdit((doc) => updateNode(doc, bloc, { title: "Après l'archive" }));
    await waitFor(
      async () =>
        JSON.stringify((await raw(owner, id)).doc.getMap("nodes").toJSON()).includes("Après l'archive"),
      "the edit made after unarchiving to be stored",
    );
    expect(writer.isOpen).toBe(true);
  });
});
