import fastifyCookie from "@fastify/cookie";
import type { AppStore, User } from "../store/types.ts";
import { hashToken, SESSION_COOKIE } from "./sessions.ts";

export type SessionUser = { user: User; tokenHash: string };

/** The signed-in user of a Cookie header (HTTP requests and WebSocket upgrades alike), or null. */
export async function sessionUser(
  cookieHeader: string | undefined,
  app: AppStore,
): Promise<SessionUser | null> {
  if (!cookieHeader) return null;
  let token: string | undefined;
  try {
    token = fastifyCookie.parse(cookieHeader)[SESSION_COOKIE];
  } catch {
    return null;
  }
  if (!token || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const user = await app.sessionUser(tokenHash, new Date().toISOString());
  return user ? { user, tokenHash } : null;
}
