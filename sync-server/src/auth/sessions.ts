import { createHash, randomBytes } from "node:crypto";

/**
 * Session tokens: 32 random bytes given to the browser in an HTTP-only cookie; the store keeps
 * only their sha256, so a leaked database does not leak usable sessions.
 */

export const SESSION_COOKIE = "rs_session";

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** When a session opened now ends, given the configured lifetime. */
export function sessionEndsAt(maxAgeSeconds: number, now = new Date()): string {
  return new Date(now.getTime() + maxAgeSeconds * 1000).toISOString();
}

/** Cookie attributes: HTTP-only, SameSite=Lax, Secure when the request came over HTTPS. */
export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    maxAge: maxAgeSeconds,
  };
}
