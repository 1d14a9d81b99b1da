import type { AppStore, SignInFailures } from "../store/types.ts";

/**
 * Sign-in slowing, keyed on (account, address): one person's typos slow down only that account
 * from that address — not the colleagues behind the same address — and nobody can lock an account
 * out from elsewhere. Progressive: a few failures are free, then each one doubles the wait, up to
 * a quarter of an hour. A much looser bound on the address alone slows down one address trying
 * many accounts. The counts live in the store: they survive a restart and are shared by processes.
 */
export const SIGN_IN_LIMITS = {
  /** Failures forgotten this long after the last one. */
  windowMs: 15 * 60_000,
  /** The longest wait. */
  maxDelayMs: 15 * 60_000,
  /** The wait after the first failure past the free ones (doubled at each further failure). */
  firstDelayMs: 2_000,
  perAccountAndAddress: { freeFailures: 3 },
  perAddress: { freeFailures: 50 },
} as const;

/** How long to wait after `failures` failures, when `free` of them cost nothing. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(SIGN_IN_LIMITS.firstDelayMs * 2 ** (failures - free - 1), SIGN_IN_LIMITS.maxDelayMs);
}

/** Milliseconds before the next attempt is allowed (0: now). */
export function waitFor(record: SignInFailures | null, free: number, now: number): number {
  if (!record) return 0;
  const last = Date.parse(record.lastAt);
  if (now - last >= SIGN_IN_LIMITS.windowMs) return 0;
  return Math.max(0, last + delayAfter(record.failures, free) - now);
}

export class SignInLimiter {
  constructor(private readonly store: AppStore) {}

  /** Milliseconds this account must wait before trying again from this address (0: now). */
  async wait(email: string, address: string, now = Date.now()): Promise<number> {
    const keys = limiterKeys(email, address);
    const [pair, alone] = await Promise.all([
      this.store.signInFailures(keys.pair),
      this.store.signInFailures(keys.address),
    ]);
    return Math.max(
      waitFor(pair, SIGN_IN_LIMITS.perAccountAndAddress.freeFailures, now),
      waitFor(alone, SIGN_IN_LIMITS.perAddress.freeFailures, now),
    );
  }

  async failed(email: string, address: string, now = Date.now()): Promise<void> {
    const keys = limiterKeys(email, address);
    const at = new Date(now).toISOString();
    const forgetBefore = new Date(now - SIGN_IN_LIMITS.windowMs).toISOString();
    await this.store.recordSignInFailure(keys.pair, at, forgetBefore);
    await this.store.recordSignInFailure(keys.address, at, forgetBefore);
  }

  /** A right password: this account's count from this address starts again. */
  async succeeded(email: string, address: string): Promise<void> {
    await this.store.clearSignInFailures(limiterKeys(email, address).pair);
  }
}

function limiterKeys(email: string, address: string): { pair: string; address: string } {
  return { pair: `account:${email}|${address}`, address: `address:${address}` };
}
