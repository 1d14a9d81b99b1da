/**
 * A small JSON client for the server's API with a cookie jar (the `rs_session` cookie) and the
 * Origin header a browser would send.
 */

export type ApiResponse<T = unknown> = { status: number; body: T; headers: Headers };

export type Account = { email: string; name: string; password: string };

export class HttpClient {
  /** The session cookie as a Cookie header value (`rs_session=…`), once signed in. */
  cookie: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly origin: string = baseUrl,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { origin: this.origin };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(";");
      if (!pair?.startsWith("rs_session=")) continue;
      this.cookie = pair === "rs_session=" || /expires=Thu, 01 Jan 1970/i.test(setCookie) ? undefined : pair;
    }
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get("content-type")?.includes("application/json") && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T = unknown>(path: string, body: unknown = {}) {
    return this.request<T>("POST", path, body);
  }
  put<T = unknown>(path: string, body: unknown) {
    return this.request<T>("PUT", path, body);
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>("PATCH", path, body);
  }
  delete<T = unknown>(path: string) {
    return this.request<T>("DELETE", path);
  }

  /** Creates an account (signed in afterwards); throws unless the server answers 201. */
  async signUp(account: Account, invitation?: string): Promise<{ id: string; email: string }> {
    const response = await this.post<{ user: { id: string; email: string } }>("/api/accounts", {
      ...account,
      ...(invitation ? { invitation } : {}),
    });
    if (response.status !== 201)
      throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.user;
  }

  async signIn(email: string, password: string): Promise<ApiResponse> {
    return this.post("/api/session", { email, password });
  }

  /** Creates a référentiel and returns its id; throws unless 201. */
  async createReferential(body: unknown = { title: "Référentiel de test" }): Promise<string> {
    const response = await this.post<{ id: string }>("/api/referentials", body);
    if (response.status !== 201)
      throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
}

let counter = 0;
/** A fresh account description (unique email per call). */
export function newAccount(name = "Utilisateur"): Account {
  counter++;
  return {
    email: `${name.toLowerCase()}-${process.pid}-${counter}-${Date.now()}@example.fr`,
    name,
    password: "un mot de passe solide",
  };
}

/** A new account signed up on the server: its signed-in client and user id. */
export async function signedUpClient(
  serverUrl: string,
  name: string,
): Promise<{ http: HttpClient; id: string }> {
  const http = new HttpClient(serverUrl);
  const user = await http.signUp(newAccount(name));
  return { http, id: user.id };
}

/** Adds signed-in accounts to a référentiel (as its owner), each with its role; throws unless 201. */
export async function addMembers(
  owner: HttpClient,
  referentialId: string,
  members: readonly (readonly [HttpClient, string])[],
): Promise<void> {
  for (const [member, role] of members) {
    const email = (await member.get<{ user: { email: string } }>("/api/session")).body.user.email;
    const added = await owner.post(`/api/referentials/${referentialId}/members`, { email, role });
    if (added.status !== 201) throw new Error(`adding ${email} failed: ${added.status}`);
  }
}
