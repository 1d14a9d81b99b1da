import { addComment, addNode, mentionMarkup, nodesMap } from "@refstudio/schema";
import { type SmtpTestServer, startSmtpTestServer } from "@refstudio/sync-server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, newAccount, signedUpClient } from "../helpers/http-client.ts";
import { RawClient } from "../helpers/raw-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { sleep, waitFor } from "../helpers/wait.ts";

/**
 * Mail from the real server process to a real SMTP server on 127.0.0.1 (read back with an
 * independent parser): invitations, mentions, password resets; and none without SMTP_URL.
 */

const FROM = "Référentiel Studio <studio@example.fr>";

async function member(
  server: ServerProcess,
  owner: HttpClient,
  referential: string,
  name: string,
  role: string,
) {
  const who = await signedUpClient(server.url, name);
  const email = (await who.http.get<{ user: { email: string } }>("/api/session")).body.user.email;
  const added = await owner.post(`/api/referentials/${referential}/members`, { email, role });
  expect(added.status).toBe(201);
  return { ...who, email };
}

describe("with a mail relay (SMTP_URL)", () => {
  let smtp: SmtpTestServer;
  let server: ServerProcess;
  let owner: HttpClient;
  let referential: string;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    server = await startServer({ SIGNUP: "open", SMTP_URL: smtp.url, MAIL_FROM: FROM });
    owner = (await signedUpClient(server.url, "Odile")).http;
    referential = await owner.createReferential({ title: "Assistant de direction" });
  });
  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it("says mail is on", async () => {
    expect((await owner.get("/api/server")).body).toMatchObject({ mail: true, passwordMinLength: 10 });
  });

  it("mails an invitation to a new address, with the same link the owner can still copy", async () => {
    const email = `invitee-${Date.now()}@example.fr`;
    const answer = await owner.post<{ invitation: { url: string }; mailed: boolean }>(
      `/api/referentials/${referential}/members`,
      { email, role: "reviewer" },
    );
    expect(answer.status).toBe(201);
    expect(answer.body.mailed).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes(email), "the invitation");
    expect(mail.subject).toBe("Odile vous invite sur « Assistant de direction »");
    expect(mail.from).toBe("studio@example.fr");
    expect(mail.text).toContain(answer.body.invitation.url);
    expect(mail.text).toContain("relecteur·rice");
    // The link works: it shows the invitation.
    const token = answer.body.invitation.url.split("/").pop() as string;
    expect((await new HttpClient(server.url).get(`/api/invitations/${token}`)).status).toBe(200);
  });

  it("mails a mention to the person mentioned, with a link to the thread", async () => {
    const carla = await member(server, owner, referential, "Carla", "editor");
    const bruno = await member(server, owner, referential, "Bruno", "reviewer");
    const client = await RawClient.open(server.url, referential, {
      cookie: bruno.http.cookie,
      origin: server.url,
    });
    await client.synced;
    let node = "";
    const seed = await RawClient.open(server.url, referential, { cookie: owner.cookie, origin: server.url });
    await seed.synced;
    seed.sendEdit((doc) => {
      node = addNode(doc, { kind: "bloc", title: "Organiser" }, { parent: null });
    });
    await waitFor(() => nodesMap(client.doc).has(node), "the bloc to reach Bruno");
    // Being added was notified first (Carla chose « aussitôt », the default).
    const added = await smtp.waitFor((m) => m.to.includes(carla.email), "Carla's membership");
    expect(added.subject).toBe("Odile vous a ajouté·e à « Assistant de direction » comme rédacteur·rice");
    let thread = "";
    const text = `Peux-tu vérifier, ${mentionMarkup({ id: carla.id, name: "Carla" })} ?`;
    client.sendEdit((doc) => {
      thread = addComment(doc, { node }, { author: bruno.id, body: text });
    });
    const mail = await smtp.waitFor((m) => m.to.includes(carla.email) && m !== added, "the mention");
    expect(mail.subject).toBe("Bruno vous a mentionné·e dans « Assistant de direction »");
    expect(mail.text).toContain(`${server.url}/#/r/${referential}/i/${node}/c/${thread}`);
    expect(mail.text).toContain("Peux-tu vérifier, @Carla ?");
    // In the app too, unread, with the link to the place.
    const bell = await carla.http.get<{ unread: number; notifications: { kind: string; href: string }[] }>(
      "/api/notifications",
    );
    expect(bell.body.unread).toBe(2);
    expect(bell.body.notifications[0]).toMatchObject({
      kind: "mention",
      href: `/#/r/${referential}/i/${node}/c/${thread}`,
    });
    expect((await carla.http.post("/api/notifications/read", {})).status).toBe(204);
    expect((await carla.http.get<{ unread: number }>("/api/notifications")).body.unread).toBe(0);
    client.close();
    seed.close();
  });

  it("mails a single-use reset link for a forgotten password; the old password stops working", async () => {
    const account = newAccount("Oubli");
    const session = new HttpClient(server.url);
    await session.signUp(account);
    const anonymous = new HttpClient(server.url);
    const asked = await anonymous.post("/api/password-resets", { email: account.email.toUpperCase() });
    expect(asked.status).toBe(202);
    const unknown = await anonymous.post("/api/password-resets", {
      email: `nobody-${Date.now()}@example.fr`,
    });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(asked.body);
    const mail = await smtp.waitFor((m) => m.to.includes(account.email), "the reset link");
    expect(mail.subject).toBe("Réinitialisation de votre mot de passe");
    const url = /http\S+\/mot-de-passe\/(\S+)/.exec(mail.text);
    expect(url?.[0].startsWith(server.url)).toBe(true);
    const token = url?.[1] as string;
    expect((await anonymous.get(`/api/password-resets/${token}`)).body).toMatchObject({
      email: account.email,
    });
    const reset = await anonymous.post(`/api/password-resets/${token}`, {
      password: "un tout nouveau secret",
    });
    expect(reset.status).toBe(200);
    expect(anonymous.cookie).toBeTruthy();
    // Used once; the old session and password are gone.
    expect(
      (await anonymous.post(`/api/password-resets/${token}`, { password: "encore un autre" })).status,
    ).toBe(404);
    expect((await session.get("/api/session")).status).toBe(401);
    expect((await new HttpClient(server.url).signIn(account.email, account.password)).status).toBe(401);
    expect((await new HttpClient(server.url).signIn(account.email, "un tout nouveau secret")).status).toBe(
      200,
    );
  });
});

describe("without SMTP_URL", () => {
  let smtp: SmtpTestServer;
  let server: ServerProcess;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    server = await startServer({ SIGNUP: "open" });
  });
  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it("sends nothing, and says that links must be shared", async () => {
    const owner = (await signedUpClient(server.url, "Sansmail")).http;
    expect((await owner.get("/api/server")).body).toMatchObject({ mail: false });
    const referential = await owner.createReferential({ title: "Sans courrier" });
    const invited = await owner.post<{ invitation: { url: string }; mailed: boolean }>(
      `/api/referentials/${referential}/members`,
      { email: `x-${Date.now()}@example.fr`, role: "editor" },
    );
    expect(invited.body.mailed).toBe(false);
    expect(invited.body.invitation.url).toMatch(/\/invitations\//);
    const reset = await new HttpClient(server.url).post("/api/password-resets", { email: "a@example.fr" });
    expect(reset.body).toEqual({ mailed: false });
    await sleep(500);
    expect(smtp.received).toEqual([]);
  });
});
