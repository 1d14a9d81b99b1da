import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, HttpClient, newAccount } from "../helpers/http-client.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";
import { sleep } from "../helpers/wait.ts";

/**
 * Sign-in slowing against the real server: keyed on (account, address), progressive, kept in the
 * store. Behind one trusted proxy (TRUST_PROXY=1), X-Forwarded-For says where each attempt is from.
 */

type Answer = { status: number; retryAfter: string | null };

/** One sign-in attempt, as coming from `address` through the proxy. */
async function signIn(
  server: ServerProcess,
  address: string,
  email: string,
  password: string,
): Promise<Answer> {
  const response = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
  await response.text();
  return { status: response.status, retryAfter: response.headers.get("retry-after") };
}

async function account(server: ServerProcess, name: string): Promise<Account> {
  const details = newAccount(name);
  await new HttpClient(server.url).signUp(details);
  return details;
}

/** Fails with a wrong password until the server answers 401 (a failure counted), waiting out 429s. */
async function countedFailure(server: ServerProcess, address: string, email: string): Promise<void> {
  for (;;) {
    const answer = await signIn(server, address, email, "pas le bon mot de passe");
    if (answer.status === 401) return;
    expect(answer.status).toBe(429);
    await sleep(Number(answer.retryAfter ?? "1") * 1000);
  }
}

const OFFICE = "203.0.113.7";
const HOME = "198.51.100.9";
const ELSEWHERE = "192.0.2.66";

describe("sign-in slowing behind a trusted proxy", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({ SIGNUP: "open", TRUST_PROXY: "1" });
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("slows down one person's typos for their account from their address only", async () => {
    const clumsy = await account(server, "Maladroite");
    const colleague = await account(server, "Collegue");
    const answers: Answer[] = [];
    for (let i = 0; i < 6; i++)
      answers.push(await signIn(server, OFFICE, clumsy.email, "mauvais mot de passe"));
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers[4]).toMatchObject({ status: 429, retryAfter: expect.stringMatching(/^[12]$/) });
    // A colleague behind the same address, and the same person from home, are not slowed down.
    expect((await signIn(server, OFFICE, colleague.email, colleague.password)).status).toBe(200);
    expect((await signIn(server, HOME, clumsy.email, clumsy.password)).status).toBe(200);
  });

  it("does not let anyone lock a known account out from elsewhere", async () => {
    const victim = await account(server, "Victime");
    for (let i = 0; i < 12; i++) await signIn(server, ELSEWHERE, victim.email, `essai ${i}`);
    expect((await signIn(server, ELSEWHERE, victim.email, victim.password)).status).toBe(429);
    expect((await signIn(server, OFFICE, victim.email, victim.password)).status).toBe(200);
  });

  it("makes each wait longer than the last, and keeps counting across a restart", async () => {
    const person = await account(server, "Persistante");
    const address = "203.0.113.50";
    for (let i = 0; i < 4; i++) await countedFailure(server, address, person.email);

    expect(await server.stop()).toBe(0);
    server = await server.restart();
    // Still the fifth failure after the restart: its wait (4 s) is twice the last one.
    await countedFailure(server, address, person.email);
    const longer = await signIn(server, address, person.email, person.password);
    expect(longer.status).toBe(429);
    expect(Number(longer.retryAfter)).toBeGreaterThanOrEqual(3);
    await sleep(Number(longer.retryAfter) * 1000);
    expect((await signIn(server, address, person.email, person.password)).status).toBe(200);
  });
});

describe("sign-in slowing without a trusted proxy", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({ SIGNUP: "open" });
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("ignores X-Forwarded-For: a client cannot pick the address it is counted under", async () => {
    const person = await account(server, "Rusee");
    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await signIn(server, `10.0.0.${i + 1}`, person.email, "faux")).status);
    expect(answers).toEqual([401, 401, 401, 401, 429]);
  });
});
