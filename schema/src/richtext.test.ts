import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { RichText } from "./model.ts";
import { fragmentToRich, plainToRich, richToPlain, textLeaves, writeRich } from "./richtext.ts";

/** A fragment in its own document holding the given rich text. */
function fragmentOf(rich: RichText): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("f");
  doc.transact(() => writeRich(fragment, rich));
  return fragment;
}

const roundTrip = (rich: RichText) => fragmentToRich(fragmentOf(rich));

const text = (value: string, marks?: RichText[number]["marks"]) =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };
const paragraph = (...content: RichText) =>
  content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
const item = (...content: RichText) => ({ type: "listItem", content });
const bulletList = (...items: RichText) => ({ type: "bulletList", content: items });
const hardBreak = { type: "hardBreak" };

/** The plain text of a leaf (XmlText.toString() renders marks as XML tags). */
const leafText = (leaf: Y.XmlText) =>
  (leaf.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === "string" ? op.insert : ""))
    .join("");

/** Every leaf's text sits in richToPlain's text at the offset textLeaves gives it. */
function expectLeavesAgree(fragment: Y.XmlFragment): void {
  const plain = richToPlain(fragmentToRich(fragment));
  const leaves = textLeaves(fragment);
  for (const leaf of leaves) {
    const value = leafText(leaf.text);
    expect(plain.slice(leaf.start, leaf.start + value.length)).toBe(value);
  }
  const last = leaves.at(-1);
  if (last) expect(last.start + leafText(last.text).length).toBeLessThanOrEqual(plain.length);
}

describe("fragmentToRich / writeRich", () => {
  it("round-trips paragraphs with bold, italic and link marks", () => {
    const rich: RichText = [
      paragraph(
        text("Analyser "),
        text("le marché", [{ type: "bold" }]),
        text(" et "),
        text("la concurrence", [{ type: "bold" }, { type: "italic" }]),
        text(" selon "),
        text("la méthode", [{ type: "link", attrs: { href: "https://example.org/m", target: "_blank" } }]),
      ),
      paragraph(text("Deuxième paragraphe")),
    ];
    expect(roundTrip(rich)).toEqual(rich);
    expect(RichText.parse(roundTrip(rich))).toEqual(rich);
  });

  it("does not carry a mark over to the plain text that follows it", () => {
    const rich: RichText = [paragraph(text("gras", [{ type: "bold" }]), text(" normal"))];
    expect(roundTrip(rich)).toEqual(rich);
  });

  it("returns marks sorted by type whatever the input order", () => {
    const back = roundTrip([paragraph(text("x", [{ type: "italic" }, { type: "bold" }]))]);
    expect(back[0]?.content?.[0]?.marks).toEqual([{ type: "bold" }, { type: "italic" }]);
  });

  it("merges adjacent text with the same marks and drops empty text", () => {
    const back = roundTrip([paragraph(text("ab"), text(""), text("cd"))]);
    expect(back).toEqual([paragraph(text("abcd"))]);
  });

  it("round-trips nested lists, element attributes and hard breaks", () => {
    const rich: RichText = [
      { type: "heading", attrs: { level: 2 }, content: [text("Titre")] },
      bulletList(
        item(paragraph(text("un"))),
        item(
          paragraph(text("deux"), hardBreak, text("suite")),
          bulletList(item(paragraph(text("deux.a"))), item(paragraph(text("deux.b")))),
        ),
      ),
      { type: "orderedList", attrs: { start: 3 }, content: [item(paragraph(text("trois")))] },
      paragraph(),
    ];
    expect(roundTrip(rich)).toEqual(rich);
  });

  it("replaces the previous content", () => {
    const fragment = fragmentOf([paragraph(text("ancien")), paragraph(text("texte"))]);
    fragment.doc?.transact(() => writeRich(fragment, [paragraph(text("nouveau"))]));
    expect(fragmentToRich(fragment)).toEqual([paragraph(text("nouveau"))]);
    fragment.doc?.transact(() => writeRich(fragment, []));
    expect(fragmentToRich(fragment)).toEqual([]);
  });

  it("reads a fragment written the way y-prosemirror writes it", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("f");
    const p = new Y.XmlElement("paragraph");
    fragment.insert(0, [p]);
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, "lien", { link: { href: "https://a.fr" } });
    t.insert(4, " fin", {});
    expect(fragmentToRich(fragment)).toEqual([
      paragraph(text("lien", [{ type: "link", attrs: { href: "https://a.fr" } }]), text(" fin")),
    ]);
  });
});

describe("plainToRich / richToPlain", () => {
  it("makes one paragraph per non-blank line, trimmed", () => {
    expect(plainToRich("  Analyser le marché \n\n afin de décider\n")).toEqual([
      paragraph(text("Analyser le marché")),
      paragraph(text("afin de décider")),
    ]);
    expect(plainToRich("")).toEqual([]);
    expect(plainToRich(" \n ")).toEqual([]);
  });

  it("gives one line per text block, a hard break as a newline, an empty paragraph as an empty line", () => {
    const rich: RichText = [
      paragraph(text("a", [{ type: "bold" }]), text("b")),
      paragraph(),
      bulletList(item(paragraph(text("c"), hardBreak, text("d"))), item(paragraph(text("e")))),
      { type: "heading", attrs: { level: 1 }, content: [text("f")] },
    ];
    expect(richToPlain(rich)).toBe("ab\n\nc\nd\ne\nf");
  });

  it("treats inline content at the top level as one line", () => {
    expect(richToPlain([text("a", [{ type: "bold" }]), text("b")])).toBe("ab");
  });

  it("round-trips plain text through rich text", () => {
    const plain = "Première ligne\nDeuxième ligne";
    expect(richToPlain(plainToRich(plain))).toBe(plain);
  });
});

describe("textLeaves", () => {
  it("gives each text leaf its offset in richToPlain's text", () => {
    const fragment = fragmentOf([
      paragraph(text("ab", [{ type: "italic" }]), text("cd")),
      paragraph(),
      bulletList(item(paragraph(text("ef"), hardBreak, text("gh"))), item(paragraph(text("ij")))),
    ]);
    const leaves = textLeaves(fragment).map((l) => [leafText(l.text), l.start]);
    // "abcd\n\nef\ngh\nij"
    expect(leaves).toEqual([
      ["abcd", 0],
      ["ef", 6],
      ["gh", 9],
      ["ij", 12],
    ]);
    expectLeavesAgree(fragment);
  });

  it("agrees with richToPlain when a block holds only empty text", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("f");
    doc.transact(() => {
      writeRich(fragment, [
        paragraph(text("a")),
        { type: "heading", attrs: { level: 2 } },
        paragraph(text("b")),
      ]);
      const heading = fragment.get(1) as Y.XmlElement;
      heading.insert(0, [new Y.XmlText()]);
      const empty = new Y.XmlElement("paragraph");
      empty.insert(0, [new Y.XmlText()]);
      fragment.insert(2, [empty]);
    });
    expectLeavesAgree(fragment);
    expect(richToPlain(fragmentToRich(fragment))).toBe("a\n\nb");
  });

  it("counts a paragraph as a line whatever it holds", () => {
    const rich: RichText = [
      paragraph(text("")),
      paragraph({ type: "image", attrs: { src: "x.png" } }),
      paragraph(text("a")),
    ];
    expect(richToPlain(rich)).toBe("\n\na");
    const fragment = fragmentOf(rich);
    expect(richToPlain(fragmentToRich(fragment))).toBe("\n\na");
    expect(textLeaves(fragment).map((l) => l.start)).toEqual([0, 2]);
    expectLeavesAgree(fragment);
  });

  const inline = fc.oneof(
    fc.record({
      type: fc.constant("text"),
      text: fc.string({ minLength: 0, maxLength: 5, unit: fc.constantFrom("a", "b", "é", " ") }),
      marks: fc.subarray([{ type: "bold" }, { type: "italic" }]),
    }),
    fc.constant(hardBreak),
  );
  const { block } = fc.letrec<{ block: RichText[number] }>((tie) => ({
    block: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.array(inline, { maxLength: 4 }).map((content) => paragraph(...content)),
      fc.array(inline, { minLength: 1, maxLength: 3 }).map((content) => ({ type: "heading", content })),
      fc
        .array(fc.array(tie("block"), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
        .map((items) => bulletList(...items.map((blocks) => item(...blocks)))),
    ),
  }));

  it("agrees with richToPlain on random paragraphs, headings and nested lists", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), (rich) => {
        const fragment = fragmentOf(rich);
        expectLeavesAgree(fragment);
        expect(richToPlain(fragmentToRich(fragment))).toBe(richToPlain(rich));
        // Writing what was read gives the same content again.
        expect(roundTrip(fragmentToRich(fragment))).toEqual(fragmentToRich(fragment));
      }),
      { numRuns: 300 },
    );
  });
});
