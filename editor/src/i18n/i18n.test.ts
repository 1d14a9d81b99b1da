import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { translate } from "./i18n.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n", () => {
  it("has an English message for every French key, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("fr", "delete.title", { code: "C1.2" })).toBe("Supprimer C1.2 ?");
    expect(translate("en", "delete.title", { code: "C1.2" })).toBe("Delete C1.2?");
    expect(translate("fr", "delete.title")).toBe("Supprimer {code} ?");
  });
});
