import { describe, expect, it } from "vitest";
import { diffText } from "./text-diff.ts";

describe("diffText", () => {
  it("finds the smallest splice", () => {
    expect(diffText("Analyser le marché", "Analyser tout le marché")).toEqual({
      index: 9,
      remove: 0,
      insert: "tout ",
    });
    expect(diffText("abcdef", "abef")).toEqual({ index: 2, remove: 2, insert: "" });
    expect(diffText("same", "same")).toEqual({ index: 4, remove: 0, insert: "" });
    expect(diffText("aaa", "aaaa")).toEqual({ index: 3, remove: 0, insert: "a" });
  });

  it("turns one string into the other when applied", () => {
    const cases: [string, string][] = [
      ["", "nouveau"],
      ["Conduire un projet", "Piloter un projet"],
      ["x", ""],
      ["abcabc", "abXabc"],
    ];
    for (const [before, after] of cases) {
      const { index, remove, insert } = diffText(before, after);
      expect(before.slice(0, index) + insert + before.slice(index + remove)).toBe(after);
    }
  });
});
