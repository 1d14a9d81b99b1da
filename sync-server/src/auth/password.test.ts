import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterie", hash)).toBe(false);
  });

  it("salts: the same password never hashes the same twice", async () => {
    const [a, b] = await Promise.all([hashPassword("même mot"), hashPassword("même mot")]);
    expect(a).not.toBe(b);
  });

  it("stores its parameters with the hash", async () => {
    expect(await hashPassword("x")).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]{43}$/);
  });

  it("treats composed and decomposed accents alike", async () => {
    const hash = await hashPassword("éléphant");
    expect(await verifyPassword("e\u0301le\u0301phant", hash)).toBe(true);
  });

  it("refuses malformed or absurd stored hashes without throwing", async () => {
    for (const stored of [
      "",
      "bcrypt$x",
      "scrypt$abc$8$1$c2FsdA$aGFzaA",
      "scrypt$4194304$8$1$c2FsdA$aGFzaA",
    ]) {
      expect(await verifyPassword("x", stored)).toBe(false);
    }
  });
});
