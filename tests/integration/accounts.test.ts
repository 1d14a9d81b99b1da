import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, HttpClient, newAccount } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";

/** Accounts people run themselves, and the administration, against the real server process. */

let server: ServerProcess;
let admin: HttpClient;
let adminId: string;

async function signedUp(name: string): Promise<{ http: HttpClient; id: string; account: Account }> {
  const http = new HttpClient(server.url);
  const account = newAccount(name);
  const user = await http.signUp(account);
  return { http, id: user.id, account };
}

/** A second browser of the same person (another session). */
async function secondSession(account: Account): Promise<HttpClient> {
  const other = new HttpClient(server.url);
  expect((await other.signIn(account.email, account.password)).status).toBe(200);
  return other;
}

async function socketOf(http: HttpClient, referential: string): Promise<RawClient> {
  const client = await RawClient.open(server.url, referential, { cookie: http.cookie, origin: server.url });
  await client.synced;
  return client;
}

beforeAll(async () => {
  server = await startServer({ SIGNUP: "open" });
  const first = await signedUp("Admin");
  admin = first.http;
  adminId = first.id;
});
afterAll(async () => {
  await server?.dispose();
});

describe("my account", () => {
  it("changes my name and my mail choice", async () => {
    const me = await signedUp("Nom");
    const changed = await me.http.patch<{ account: { name: string; emailNotifications: string } }>(
      "/api/account",
      {
        name: "  Nouveau Nom ",
        emailNotifications: "daily",
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.account).toMatchObject({ name: "Nouveau Nom", emailNotifications: "daily" });
    expect((await me.http.get<{ user: { name: string } }>("/api/session")).body.user.name).toBe(
      "Nouveau Nom",
    );
    expect((await me.http.patch("/api/account", { emailNotifications: "weekly" })).status).toBe(400);
  });

  it("changes my password with the current one; my other sessions end and their sockets close", async () => {
    const me = await signedUp("Secret");
    const referential = await me.http.createReferential({ title: "À moi" });
    const laptop = await secondSession(me.account);
    const socket = await socketOf(laptop, referential);
    const wrong = await me.http.post("/api/account/password", {
      current: "pas le bon",
      password: "un nouveau secret",
    });
    expect(wrong.status).toBe(403);
    const short = await me.http.post<{ error: { message: string } }>("/api/account/password", {
      current: me.account.password,
      password: "court",
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain("au moins 10 caractères");
    const done = await me.http.post<{ signedOut: number }>("/api/account/password", {
      current: me.account.password,
      password: "un nouveau secret",
    });
    expect(done.body.signedOut).toBe(1);
    expect((await socket.closed).code).toBe(4401);
    expect((await laptop.get("/api/session")).status).toBe(401);
    expect((await me.http.get("/api/session")).status).toBe(200);
    expect((await new HttpClient(server.url).signIn(me.account.email, "un nouveau secret")).status).toBe(200);
  });

  it("signs me out of my other sessions only", async () => {
    const me = await signedUp("Ailleurs");
    const referential = await me.http.createReferential({ title: "Partout" });
    const phone = await secondSession(me.account);
    const socket = await socketOf(phone, referential);
    const mine = await socketOf(me.http, referential);
    const answer = await me.http.delete<{ signedOut: number }>("/api/account/sessions");
    expect(answer.body.signedOut).toBe(1);
    expect((await socket.closed).code).toBe(4401);
    expect(mine.isOpen).toBe(true);
    expect((await phone.get("/api/session")).status).toBe(401);
    mine.close();
  });
});

describe("administration", () => {
  it("is for administrators only", async () => {
    const someone = await signedUp("Quelqu'un");
    for (const path of ["/api/admin/accounts", "/api/admin/settings", "/api/admin/referentials"]) {
      expect((await someone.http.get(path)).status).toBe(403);
      expect((await new HttpClient(server.url).get(path)).status).toBe(401);
    }
  });

  it("disables an account: its sockets close at once, it cannot sign in; enabled again, it can", async () => {
    const target = await signedUp("Cible");
    const referential = await target.http.createReferential({ title: "Réf de la cible" });
    const socket = await socketOf(target.http, referential);
    const disabled = await admin.patch<{ account: { disabled: boolean } }>(
      `/api/admin/accounts/${target.id}`,
      {
        disabled: true,
      },
    );
    expect(disabled.body.account.disabled).toBe(true);
    expect((await socket.closed).code).toBe(4401);
    expect((await target.http.get("/api/session")).status).toBe(401);
    const refused = await new HttpClient(server.url).signIn(target.account.email, target.account.password);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "account_disabled" } });
    await admin.patch(`/api/admin/accounts/${target.id}`, { disabled: false });
    expect(
      (await new HttpClient(server.url).signIn(target.account.email, target.account.password)).status,
    ).toBe(200);
  });

  it("cannot disable or demote itself; makes another administrator", async () => {
    expect((await admin.patch(`/api/admin/accounts/${adminId}`, { disabled: true })).status).toBe(409);
    expect((await admin.patch(`/api/admin/accounts/${adminId}`, { admin: false })).status).toBe(409);
    const other = await signedUp("Adjoint");
    await admin.patch(`/api/admin/accounts/${other.id}`, { admin: true });
    expect((await other.http.get("/api/admin/accounts")).status).toBe(200);
    const list = await admin.get<{ accounts: { id: string; admin: boolean }[] }>("/api/admin/accounts");
    expect(list.body.accounts.find((a) => a.id === other.id)?.admin).toBe(true);
  });

  it("makes a reset link to hand over, usable once", async () => {
    const forgetful = await signedUp("Distrait");
    const made = await admin.post<{ url: string }>(`/api/admin/accounts/${forgetful.id}/reset-link`, {});
    expect(made.body.url.startsWith(`${server.url}/mot-de-passe/`)).toBe(true);
    const token = made.body.url.split("/").pop() as string;
    const browser = new HttpClient(server.url);
    expect((await browser.post(`/api/password-resets/${token}`, { password: "choisi par moi" })).status).toBe(
      200,
    );
    expect((await browser.post(`/api/password-resets/${token}`, { password: "choisi par moi" })).status).toBe(
      404,
    );
    expect((await new HttpClient(server.url).signIn(forgetful.account.email, "choisi par moi")).status).toBe(
      200,
    );
  });

  it("sets the sign-up policy", async () => {
    expect((await admin.patch("/api/admin/settings", { signup: "invitation" })).status).toBe(200);
    const closed = await new HttpClient(server.url).post("/api/accounts", newAccount("Refusee"));
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({ error: { code: "signup_closed" } });
    expect((await new HttpClient(server.url).get("/api/server")).body).toMatchObject({
      signup: "invitation",
    });
    await admin.patch("/api/admin/settings", { signup: "open" });
    expect((await new HttpClient(server.url).post("/api/accounts", newAccount("Acceptee"))).status).toBe(201);
  });

  it("lists every référentiel with its owners", async () => {
    const owner = await signedUp("Proprio");
    const id = await owner.http.createReferential({ title: "Vue admin" });
    const list = await admin.get<{
      referentials: { id: string; title: string; owners: { userId: string }[] }[];
    }>("/api/admin/referentials");
    const found = list.body.referentials.find((r) => r.id === id);
    expect(found?.title).toBe("Vue admin");
    expect(found?.owners.map((o) => o.userId)).toEqual([owner.id]);
  });
});
