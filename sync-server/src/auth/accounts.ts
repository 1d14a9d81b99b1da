import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@refstudio/schema";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import type { Account } from "../store/types.ts";

/** What accounts share across routes: the password rule, the sign-up policy, ending sessions. */

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `au moins ${PASSWORD_MIN_LENGTH} caractères`)
  .max(PASSWORD_MAX_LENGTH, `au plus ${PASSWORD_MAX_LENGTH} caractères`);

export type SignupPolicy = "open" | "invitation";
export const SIGNUP_POLICIES: readonly SignupPolicy[] = ["open", "invitation"];
const SIGNUP_SETTING = "signup";

/** Who may create an account: the administrators' choice, else the SIGNUP variable. */
export async function signupPolicy(ctx: ServerContext): Promise<SignupPolicy> {
  const stored = await ctx.stores.app.setting(SIGNUP_SETTING);
  if (stored === "open" || stored === "invitation") return stored;
  return ctx.config.openSignup ? "open" : "invitation";
}

export async function setSignupPolicy(ctx: ServerContext, policy: SignupPolicy): Promise<void> {
  await ctx.stores.app.setSetting(SIGNUP_SETTING, policy);
}

/**
 * Ends a user's sessions (all, or all but `keep`) and closes the sync connections opened with
 * them at once, on every process. Returns how many were ended.
 */
export async function endSessions(ctx: ServerContext, userId: string, keep?: string): Promise<number> {
  const ended = await ctx.stores.app.deleteSessionsOf(userId, keep);
  await Promise.all(ended.map((hash) => ctx.rooms.sessionEnded(hash)));
  return ended.length;
}

/** An account as its owner and administrators see it. */
export const accountView = (account: Account) => ({
  id: account.id,
  email: account.email,
  name: account.name,
  admin: account.admin,
  disabled: account.disabled,
  emailNotifications: account.emailNotifications,
  createdAt: account.createdAt,
});
