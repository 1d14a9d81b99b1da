import { describe, expect, it } from "vitest";
import { checkId, newId } from "./ids.ts";
import { CommentMessage } from "./model.ts";

describe("ids", () => {
  it("makes 16-character ids the model accepts, without repeats", () => {
    const ids = Array.from({ length: 2_000 }, newId);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-zA-Z]{16}$/);
      expect(CommentMessage.shape.id.safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("accepts a caller's id only when the model would", () => {
    expect(checkId("bloc_1-a")).toBe("bloc_1-a");
    for (const bad of ["", "a b", "é", "x".repeat(65), "a/b"])
      expect(() => checkId(bad), bad).toThrow(/Identifiant invalide/);
  });
});
