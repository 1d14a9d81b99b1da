import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { transformIndex } from "./useTextField.ts";

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
