import { describe, expect, it } from "vitest";
import { mentionedIds, mentionMarkup, mentionsAsText, splitMentions } from "./mentions.ts";

describe("mentions", () => {
  const camille = mentionMarkup({ id: "u-1", name: "Camille Martin" });
  const body = `Bonjour ${camille}, voyez avec ${mentionMarkup({ id: "u-2", name: "Léa [RH]" })} et ${camille}.`;

  it("writes a mention as markup whose name cannot break it", () => {
    expect(camille).toBe("@[Camille Martin](u-1)");
    expect(mentionMarkup({ id: "u-2", name: "Léa [RH]\n" })).toBe("@[Léa  RH](u-2)");
  });

  it("finds each mentioned id once, in order", () => {
    expect(mentionedIds(body)).toEqual(["u-1", "u-2"]);
    expect(mentionedIds("écrire à @Camille ou [x](y)")).toEqual([]);
  });

  it("reads as plain text and as parts to render", () => {
    expect(mentionsAsText(body)).toBe("Bonjour @Camille Martin, voyez avec @Léa  RH et @Camille Martin.");
    expect(splitMentions(`${camille} !`)).toEqual([
      { mention: { id: "u-1", name: "Camille Martin" } },
      { text: " !" },
    ]);
    expect(splitMentions("sans mention")).toEqual([{ text: "sans mention" }]);
  });
});
