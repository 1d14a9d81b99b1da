import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { diffText, transformIndex } from "./useTextField.ts";

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

describe("transformIndex", () => {
  const deltaOf = (initial: string, edit: (text: Y.Text) => void) => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, initial);
    let delta: Y.YTextEvent["delta"] = [];
    text.observe((event) => {
      delta = event.delta;
    });
    edit(text);
    return delta;
  };

  it("keeps my caret in place when someone types before or after it", () => {
    const before = deltaOf("0123456789", (t) => t.insert(2, "ab"));
    expect(transformIndex(5, before)).toBe(7);
    const after = deltaOf("0123456789", (t) => t.insert(8, "ab"));
    expect(transformIndex(5, after)).toBe(5);
    const deleted = deltaOf("0123456789", (t) => t.delete(1, 3));
    expect(transformIndex(5, deleted)).toBe(2);
    const around = deltaOf("0123456789", (t) => t.delete(3, 5));
    expect(transformIndex(5, around)).toBe(3);
  });
});
