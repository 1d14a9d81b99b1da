import { describe, expect, it } from "vitest";
import { delayAfter, SIGN_IN_LIMITS, waitFor } from "./sign-in-limiter.ts";

const at = (ms: number) => new Date(ms).toISOString();

describe("sign-in slowing", () => {
  it("lets the free failures through, then doubles the wait up to a quarter of an hour", () => {
    const free = SIGN_IN_LIMITS.perAccountAndAddress.freeFailures;
    expect([0, 1, 2, 3].map((n) => delayAfter(n, free))).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7].map((n) => delayAfter(n, free))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(delayAfter(40, free)).toBe(15 * 60_000);
  });

  it("counts the wait from the last failure, and forgets failures older than the window", () => {
    const free = 3;
    const record = { failures: 5, lastAt: at(1_000_000) };
    expect(waitFor(record, free, 1_000_000)).toBe(4_000);
    expect(waitFor(record, free, 1_003_000)).toBe(1_000);
    expect(waitFor(record, free, 1_004_000)).toBe(0);
    const many = { failures: 60, lastAt: at(1_000_000) };
    expect(waitFor(many, free, 1_000_000 + 10 * 60_000)).toBe(5 * 60_000);
    expect(waitFor(many, free, 1_000_000 + SIGN_IN_LIMITS.windowMs)).toBe(0);
    expect(waitFor(null, free, 0)).toBe(0);
  });
});
