import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { canonicalSnapshot, metaMap, setMeta } from "@refstudio/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

/** The HTTP API of API.md against the real server: accounts, référentiels, members, versions, errors. */

type ErrorBody = { error: { code: string; message: string; issues?: { rule: string; severity: string }[] } };

let server: ServerProcess;
let owner: HttpClient;
let ownerId: string;
const ownerAccount = newAccount("Proprietaire");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function expectError(response: { status: number; body: unknown }, status: number, code?: string) {
  expect(response.status).toBe(status);
  const body = response.body as ErrorBody;
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
}

/** Invites a new person and signs them up through the invitation link; returns their client. */
async function invitedMember(referential: string, role: string): Promise<{ http: HttpClient; id: string }> {
  const account = newAccount(role);
  const invite = await owner.post<{ invitation: { url: string; role: string } }>(
    `/api/referentials/${referential}/members`,
    { email: account.email, role },
  );
  expect(invite.status).toBe(201);
  const http = new HttpClient(server.url);
  const user = await http.signUp(account, invite.body.invitation.url.split("/").pop());
  return { http, id: user.id };
}

beforeAll(async () => {
  server = await startServer();
  owner = new HttpClient(server.url);
  const user = await owner.signUp(ownerAccount);
  ownerId = user.id;
});

afterAll(async () => {
  await server?.dispose();
});

describe("accounts and sessions", () => {
  it("makes the first account the administrator and closes sign-up to people without an invitation", async () => {
    const session = await owner.get<{ user: { admin: boolean; email: string } }>("/api/session");
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ admin: true, email: ownerAccount.email.toLowerCase() });
    const stranger = new HttpClient(server.url);
    expectError(await stranger.post("/api/accounts", newAccount("Inconnu")), 403, "signup_closed");
  });

  it("signs up through a single-use invitation that adds the membership", async () => {
    const id = await owner.createReferential({ title: "Invitations" });
    const account = newAccount("Invitee");
    const invite = await owner.post<{ invitation: { url: string } }>(`/api/referentials/${id}/members`, {
      email: account.email,
      role: "reviewer",
    });
    const token = invite.body.invitation.url.split("/").pop() as string;
    expect(invite.body.invitation.url).toBe(`${server.url}/invitations/${token}`);
    const lookup = await new HttpClient(server.url).get(`/api/invitations/${token}`);
    expect(lookup.body).toEqual({
      email: account.email.toLowerCase(),
      role: "reviewer",
      referentialTitle: "Invitations",
    });

    const wrong = new HttpClient(server.url);
    expectError(
      await wrong.post("/api/accounts", { ...newAccount("Autre"), invitation: token }),
      400,
      "invitation_email_mismatch",
    );
    const invitee = new HttpClient(server.url);
    await invitee.signUp(account, token);
    const mine = await invitee.get<{ referentials: { id: string; role: string }[] }>("/api/referentials");
    expect(mine.body.referentials).toEqual([expect.objectContaining({ id, role: "reviewer" })]);
    expectError(await new HttpClient(server.url).get(`/api/invitations/${token}`), 410, "invitation_used");
    expectError(await new HttpClient(server.url).get("/api/invitations/inconnue"), 404, "not_found");
    expectError(
      await new HttpClient(server.url).post("/api/accounts", { ...account, invitation: token }),
      404,
      "invitation_invalid",
    );
  });

  it("signs out and in again", async () => {
    const client = new HttpClient(server.url);
    expect((await client.signIn(ownerAccount.email, ownerAccount.password)).status).toBe(200);
    expect((await client.delete("/api/session")).status).toBe(204);
    expect(client.cookie).toBeUndefined();
    expectError(await client.get("/api/session"), 401, "unauthenticated");
  });
});

describe("référentiels", () => {
  it("creates blank, from a snapshot and the demo; lists mine with my role", async () => {
    const blank = await owner.createReferential({ title: "Vierge" });
    const demo = await owner.createReferential({ demo: true });
    const version = await owner.post<{ id: string }>(`/api/referentials/${demo}/versions`, { name: "v1" });
    const full = await owner.get<{ snapshot: string }>(
      `/api/referentials/${demo}/versions/${version.body.id}`,
    );
    const copy = await owner.createReferential({ snapshot: JSON.parse(full.body.snapshot) });
    const copyAsText = await owner.createReferential({ snapshot: full.body.snapshot });

    const list = await owner.get<{ referentials: { id: string; role: string; title: string }[] }>(
      "/api/referentials",
    );
    const ids = list.body.referentials.map((r) => r.id);
    for (const id of [blank, demo, copy, copyAsText]) expect(ids).toContain(id);
    expect(list.body.referentials.every((r) => r.role === "owner")).toBe(true);
    const one = await owner.get<{ title: string; role: string; archived: boolean }>(
      `/api/referentials/${copy}`,
    );
    expect(one.body).toMatchObject({
      title: "Chef de projet marketing et communication",
      role: "owner",
      archived: false,
    });
  });

  it("refuses a bad snapshot with a 400 naming the problem", async () => {
    const response = await owner.post("/api/referentials", {
      snapshot: { format: "autre", referential: {} },
    });
    expectError(response, 400, "invalid_input");
    expectError(await owner.post("/api/referentials", { snapshot: "{pas du json" }), 400);
  });

  it("renames (live in the document) and archives, for owners only", async () => {
    const id = await owner.createReferential({ title: "Ancien titre" });
    const live = await RawClient.open(server.url, id, { cookie: owner.cookie, origin: server.url });
    await live.synced;
    const renamed = await owner.patch<{ title: string }>(`/api/referentials/${id}`, {
      title: "Nouveau titre",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe("Nouveau titre");
    await waitFor(() => metaMap(live.doc).get("title") === "Nouveau titre", "the rename to reach the client");
    live.close();
    const editor = await invitedMember(id, "editor");
    const archived = await owner.patch<{ archived: boolean }>(`/api/referentials/${id}`, { archived: true });
    expect(archived.body.archived).toBe(true);

    expectError(await editor.http.patch(`/api/referentials/${id}`, { title: "Non" }), 403, "forbidden");
  });

  it("keeps at least one owner", async () => {
    const id = await owner.createReferential({ title: "Propriétaire unique" });
    expectError(await owner.delete(`/api/referentials/${id}/members/${ownerId}`), 409, "last_owner");
    expectError(
      await owner.patch(`/api/referentials/${id}/members/${ownerId}`, { role: "editor" }),
      409,
      "last_owner",
    );
    const members = await owner.get<{ members: { userId: string; role: string }[] }>(
      `/api/referentials/${id}/members`,
    );
    expect(members.body.members).toEqual([expect.objectContaining({ userId: ownerId, role: "owner" })]);
  });
});

describe("versions and the validated snapshot", () => {
  it("refuses the export with 422 and the errors, then accepts it once fixed, with the same sha256 twice", async () => {
    const id = await owner.createReferential({ demo: true });
    const report = await owner.get<{ errors: number }>(`/api/referentials/${id}/validation`);
    expect(report.body.errors).toBeGreaterThan(0);

    const refused = await owner.post<ErrorBody>(`/api/referentials/${id}/snapshots`, {});
    expectError(refused, 422, "validation_failed");
    const issues = refused.body.error.issues ?? [];
    expect(issues.length).toBe(report.body.errors);
    expect(issues.every((issue) => issue.severity === "error")).toBe(true);

    const client = await RawClient.open(server.url, id, { cookie: owner.cookie, origin: server.url });
    await client.synced;
    client.sendEdit((doc) => setMeta(doc, { level: "NIV6", certifiers: [{ name: "École de test" }] }));
    await waitFor(
      async () =>
        (await owner.get<{ errors: number }>(`/api/referentials/${id}/validation`)).body.errors === 0,
      "the fixes to clear every error",
    );
    const expected = canonicalSnapshot(client.doc);
    client.close();

    type Exported = { version: { id: string; validated: boolean }; sha256: string; snapshot: string };
    const first = await owner.post<Exported>(`/api/referentials/${id}/snapshots`, { name: "Dépôt" });
    expect(first.status).toBe(200);
    expect(first.body.version.validated).toBe(true);
    expect(first.body.sha256).toBe(sha256(first.body.snapshot));
    expect(first.body.snapshot).toBe(expected.json);
    expect(first.body.sha256).toBe(expected.sha256);
    const second = await owner.post<Exported>(`/api/referentials/${id}/snapshots`, {});
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(second.body.version.id).not.toBe(first.body.version.id);

    const file = await owner.get<string>(
      `/api/referentials/${id}/versions/${first.body.version.id}/snapshot.json`,
    );
    expect(sha256(typeof file.body === "string" ? file.body : JSON.stringify(file.body))).toBe(
      first.body.sha256,
    );
    const versions = await owner.get<{ versions: { validated: boolean; name: string }[] }>(
      `/api/referentials/${id}/versions`,
    );
    expect(versions.body.versions.filter((v) => v.validated)).toHaveLength(2);
  });

  it("lets editors name versions, not reviewers; only owners export", async () => {
    const id = await owner.createReferential({ title: "Versions" });
    const editor = await invitedMember(id, "editor");
    const reviewer = await invitedMember(id, "reviewer");
    const made = await editor.http.post<{ name: string; author: { id: string }; validated: boolean }>(
      `/api/referentials/${id}/versions`,
      { name: "Relecture 1" },
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "Relecture 1", author: { id: editor.id }, validated: false });
    expectError(
      await reviewer.http.post(`/api/referentials/${id}/versions`, { name: "Non" }),
      403,
      "forbidden",
    );
    expectError(await editor.http.post(`/api/referentials/${id}/snapshots`, {}), 403, "forbidden");
    const listed = await reviewer.http.get<{ versions: unknown[] }>(`/api/referentials/${id}/versions`);
    expect(listed.body.versions).toHaveLength(1);
  });
});

describe("errors are JSON with the right status", () => {
  it("401, 403, 404, 400, 413, 415", async () => {
    const anonymous = new HttpClient(server.url);
    expectError(await anonymous.get("/api/referentials"), 401, "unauthenticated");
    expectError(await anonymous.get("/api/session"), 401);

    expectError(await owner.get("/api/referentials/inexistant"), 404, "not_found");
    expectError(await owner.get("/api/nulle-part"), 404, "not_found");
    expectError(await owner.post("/api/referentials", { titre: "faute de frappe" }), 400, "invalid_body");
    expectError(await owner.request("POST", "/api/referentials", "{pas du json"), 400);
    expectError(
      await owner.post("/api/session", { email: "a@b.fr", password: "x".repeat(100_000) }),
      413,
      "too_large",
    );
    const text = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "text/plain" },
      body: "bonjour",
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).error.code).toBe("unsupported_media_type");
  });

  it("refuses a state-changing request from another origin (403)", async () => {
    const foreign = new HttpClient(server.url, "https://evil.example");
    foreign.cookie = owner.cookie;
    expectError(await foreign.post("/api/referentials", { title: "CSRF" }), 403, "bad_origin");
    const noOrigin = await fetch(`${server.url}/api/referentials`, {
      method: "POST",
      headers: { cookie: owner.cookie as string, "content-type": "application/json" },
      body: JSON.stringify({ title: "Sans origine" }),
    });
    expect(noOrigin.status).toBe(403);
  });

  it("refuses a non-member (403)", async () => {
    const id = await owner.createReferential({ title: "Réservé" });
    const other = await owner.createReferential({ title: "Pour inviter" });
    const stranger = await invitedMember(other, "viewer");
    expectError(await stranger.http.get(`/api/referentials/${id}`), 403, "forbidden");
    expectError(await stranger.http.get(`/api/referentials/${id}/validation`), 403, "forbidden");
  });
});

describe("pages and operations", () => {
  it("serves the editor (or says how to build it), health and metrics", async () => {
    const built = existsSync(fileURLToPath(new URL("../../editor/dist/index.html", import.meta.url)));
    for (const path of ["/", "/referentiels/abc"]) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect(page.status).toBe(built ? 200 : 503);
      if (!built) expect(await page.text()).toMatch(/pnpm build/);
    }
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
      ok: true,
      status: "ok",
      relay: "none",
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      "refstudio_connections",
      "refstudio_loaded_documents",
      "refstudio_updates_accepted_total",
      "refstudio_updates_refused_total",
      "refstudio_store_append_seconds",
      "refstudio_compactions_total",
    ]) {
      expect(metrics).toContain(name);
    }
  });
});

describe("sign-in slowdown", () => {
  it("answers 429 in French after the free failures, even with the right password, for that account only", async () => {
    const client = new HttpClient(server.url);
    for (let i = 0; i < 4; i++) {
      expectError(
        await client.signIn(ownerAccount.email, "mauvais mot de passe"),
        401,
        "invalid_credentials",
      );
    }
    const blocked = await client.signIn(ownerAccount.email, ownerAccount.password);
    expectError(blocked, 429, "too_many_attempts");
    expect((blocked.body as ErrorBody).error.message).toMatch(
      /Trop de tentatives.*Réessayez dans \d+ secondes?/,
    );
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another account from the same address is not slowed down.
    expectError(await client.signIn("quelquun@example.fr", "peu importe"), 401, "invalid_credentials");
  });
});
