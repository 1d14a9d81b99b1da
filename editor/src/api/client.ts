import type {
  Account,
  ActivitySession,
  AppNotification,
  Attribution,
  CasePublication,
  Compared,
  EmailFrequency,
  Invitation,
  Issue,
  Member,
  PendingInvitation,
  ReferentialOverview,
  ReferentialSummary,
  Restored,
  Role,
  ServerInfo,
  User,
  ValidatedExport,
  VersionDetail,
  VersionSummary,
} from "./types.ts";

/** An HTTP error from the server, with its machine code and its French message for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The blocking validation issues of a refused validated export (422). */
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type ErrorBody = { error?: { code?: string; message?: string; issues?: Issue[] } };

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "Le serveur est injoignable. Vérifiez votre connexion.");
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function errorOf(response: Response, data: unknown): ApiError {
  const error = (data as ErrorBody | undefined)?.error;
  return new ApiError(
    response.status,
    error?.code ?? "http_error",
    error?.message ?? `Erreur du serveur (${response.status})`,
    error?.issues ?? [],
  );
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) return undefined as T;
  const data = parseJson(await response.text());
  if (!response.ok) throw errorOf(response, data);
  return data as T;
}

/** A file download: the response itself (its body unread), or the server's error. */
async function file(path: string): Promise<Response> {
  const response = await send("GET", path);
  if (!response.ok) throw errorOf(response, parseJson(await response.text()));
  return response;
}

const ref = (id: string) => `/api/referentials/${encodeURIComponent(id)}`;

/** The server's HTTP API, one function per route. */
export const api = {
  session: () => request<{ user: User }>("GET", "/api/session"),
  signIn: (email: string, password: string) =>
    request<{ user: User }>("POST", "/api/session", { email, password }),
  signOut: () => request<void>("DELETE", "/api/session"),
  signUp: (input: { email: string; name: string; password: string; invitation?: string }) =>
    request<{ user: User }>("POST", "/api/accounts", input),
  invitation: (token: string) => request<Invitation>("GET", `/api/invitations/${encodeURIComponent(token)}`),

  referentials: () => request<{ referentials: ReferentialSummary[] }>("GET", "/api/referentials"),
  createReferential: (input: { title: string } | { snapshot: unknown } | { demo: true }) =>
    request<{ id: string }>("POST", "/api/referentials", input),
  referential: (id: string) => request<ReferentialSummary>("GET", ref(id)),
  importInto: (id: string, snapshot: unknown, source: string, title?: string) =>
    request<{ before: unknown }>("POST", `${ref(id)}/import`, { snapshot, source, title }),
  updateReferential: (id: string, patch: { title?: string; archived?: boolean }) =>
    request<ReferentialSummary>("PATCH", ref(id), patch),
  duplicateReferential: (id: string) => request<ReferentialSummary>("POST", `${ref(id)}/duplicate`),
  deleteReferential: (id: string) => request<void>("DELETE", ref(id)),

  members: (id: string) =>
    request<{ members: Member[]; invitations: PendingInvitation[] }>("GET", `${ref(id)}/members`),
  addMember: (id: string, email: string, role: Role) =>
    request<{ invitation: PendingInvitation; mailed?: boolean }>("POST", `${ref(id)}/members`, {
      email,
      role,
    }),
  setMemberRole: (id: string, userId: string, role: Role) =>
    request<{ member: Member }>("PATCH", `${ref(id)}/members/${encodeURIComponent(userId)}`, { role }),
  removeMember: (id: string, userId: string) =>
    request<void>("DELETE", `${ref(id)}/members/${encodeURIComponent(userId)}`),

  versions: (id: string) => request<{ versions: VersionSummary[] }>("GET", `${ref(id)}/versions`),
  createVersion: (id: string, name: string) =>
    request<VersionSummary>("POST", `${ref(id)}/versions`, { name }),
  /** A version as a file: `json` is its snapshot, the others its exports. */
  versionFile: (id: string, versionId: string, format: "docx" | "xml" | "case" | "json" | "comments") =>
    file(
      `${ref(id)}/versions/${encodeURIComponent(versionId)}/${format === "json" ? "snapshot.json" : `export/${format}`}`,
    ),
  casePublication: (id: string) =>
    request<{ publication: CasePublication | null }>("GET", `${ref(id)}/case-publication`),
  setCasePublication: (id: string, versionId: string | null) =>
    request<{ publication: CasePublication | null }>("PUT", `${ref(id)}/case-publication`, { versionId }),
  server: () => request<ServerInfo>("GET", "/api/server"),
  account: () => request<{ account: Account }>("GET", "/api/account"),
  updateAccount: (patch: { name?: string; emailNotifications?: EmailFrequency }) =>
    request<{ account: Account }>("PATCH", "/api/account", patch),
  changePassword: (current: string, password: string) =>
    request<{ signedOut: number }>("POST", "/api/account/password", { current, password }),
  signOutOthers: () => request<{ signedOut: number }>("DELETE", "/api/account/sessions"),
  askPasswordReset: (email: string) =>
    request<{ mailed: boolean }>("POST", "/api/password-resets", { email }),
  passwordReset: (token: string) =>
    request<{ email: string; name: string }>("GET", `/api/password-resets/${encodeURIComponent(token)}`),
  resetPassword: (token: string, password: string) =>
    request<{ user: User }>("POST", `/api/password-resets/${encodeURIComponent(token)}`, { password }),

  notifications: () =>
    request<{ unread: number; notifications: AppNotification[] }>("GET", "/api/notifications"),
  markRead: (ids?: string[]) => request<void>("POST", "/api/notifications/read", ids ? { ids } : {}),

  adminAccounts: () => request<{ accounts: Account[] }>("GET", "/api/admin/accounts"),
  adminUpdateAccount: (id: string, patch: { disabled?: boolean; admin?: boolean }) =>
    request<{ account: Account }>("PATCH", `/api/admin/accounts/${encodeURIComponent(id)}`, patch),
  adminResetLink: (id: string) =>
    request<{ url: string; expiresAt: string }>(
      "POST",
      `/api/admin/accounts/${encodeURIComponent(id)}/reset-link`,
      {},
    ),
  adminSettings: () =>
    request<{ signup: "open" | "invitation"; mail: boolean }>("GET", "/api/admin/settings"),
  adminSetSignup: (signup: "open" | "invitation") =>
    request<{ signup: "open" | "invitation"; mail: boolean }>("PATCH", "/api/admin/settings", { signup }),
  adminReferentials: () => request<{ referentials: ReferentialOverview[] }>("GET", "/api/admin/referentials"),

  exportValidated: (id: string, name?: string) =>
    request<ValidatedExport>("POST", `${ref(id)}/snapshots`, name ? { name } : {}),

  /** A version with its snapshot (canonical JSON text) and validation report. */
  version: (id: string, versionId: string) =>
    request<VersionDetail>("GET", `${ref(id)}/versions/${encodeURIComponent(versionId)}`),
  /** `b` (and `a`) may be "current", the live document. */
  compare: (id: string, a: string, b: string) =>
    request<Compared>("GET", `${ref(id)}/versions/${encodeURIComponent(a)}/compare/${encodeURIComponent(b)}`),
  restore: (id: string, versionId: string) =>
    request<Restored>("POST", `${ref(id)}/versions/${encodeURIComponent(versionId)}/restore`, {}),
  /** Undoes a restore alone: what others wrote since is kept. */
  undoRestore: (id: string, restoreId: string) =>
    request<{ undone: VersionSummary }>(
      "POST",
      `${ref(id)}/restores/${encodeURIComponent(restoreId)}/undo`,
      {},
    ),
  attribution: (id: string) => request<Attribution>("GET", `${ref(id)}/attribution`),
  activity: (id: string) =>
    request<{ since: string; sessions: ActivitySession[] }>("GET", `${ref(id)}/activity`),
};
