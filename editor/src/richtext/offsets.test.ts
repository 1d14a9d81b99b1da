import { richToPlain } from "@refstudio/schema";
import { getSchema } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { describe, expect, it } from "vitest";
import { offsetToPos, posToOffset } from "./offsets.ts";

const schema = getSchema([StarterKit]);
const doc = schema.nodeFromJSON({
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Analyser le marché" }] },
    { type: "paragraph" },
    {
      type: "paragraph",
      content: [{ type: "text", text: "afin de" }, { type: "hardBreak" }, { type: "text", text: "décider" }],
    },
  ],
});
// Comment anchors count in the schema's plain text of the field.
const plain = richToPlain(doc.toJSON().content);

describe("plain-text offsets", () => {
  it("counts blocks and hard breaks as the schema does", () => {
    expect(plain).toBe("Analyser le marché\n\nafin de\ndécider");
  });

  it("maps every offset to a position that maps back to it", () => {
    for (let offset = 0; offset <= plain.length; offset++) {
      expect(posToOffset(doc, offsetToPos(doc, offset)), `offset ${offset}`).toBe(offset);
    }
  });

  it("points at the same characters as the schema's plain text", () => {
    const from = plain.indexOf("marché");
    const to = from + "marché".length;
    expect(doc.textBetween(offsetToPos(doc, from), offsetToPos(doc, to))).toBe("marché");
    const second = plain.indexOf("décider");
    expect(doc.textBetween(offsetToPos(doc, second), offsetToPos(doc, second + 7))).toBe("décider");
  });

  it("clamps offsets past the end", () => {
    expect(offsetToPos(doc, plain.length + 50)).toBe(doc.content.size - 1);
  });
});
