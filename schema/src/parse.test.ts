import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Anchor, Certifier, emptyMeta, Referential } from "./model.ts";
import { InvalidInputError, parseOrExplain } from "./parse.ts";

describe("parseOrExplain", () => {
  it("returns the parsed value", () => {
    expect(parseOrExplain(Certifier, { name: "École", siret: "12345678901234" }, "Certificateur")).toEqual({
      name: "École",
      siret: "12345678901234",
    });
  });

  it("throws an InvalidInputError naming the path of each bad field", () => {
    const meta = { ...emptyMeta(), title: 3 };
    const value = {
      meta,
      nodes: [{ id: "a", kind: "bloc" }],
      comments: [],
    };
    let error: unknown;
    try {
      parseOrExplain(Referential, value, "Référentiel");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const { message, name, issues } = error as InvalidInputError;
    expect(name).toBe("InvalidInputError");
    expect(message).toMatch(/^Référentiel invalide — /);
    expect(message).toMatch(/meta\.title : /);
    expect(message).toMatch(/nodes\[0\]\.parent : /);
    expect(issues.length).toBeGreaterThan(5);
    // At most five fields are spelled out.
    expect(message.split(" ; ")).toHaveLength(5);
  });

  it("names array items and nested fields, and the root", () => {
    expect(() =>
      parseOrExplain(z.array(Certifier), [{ name: "A" }, { name: "B", siret: "1" }], "Liste"),
    ).toThrow(/Liste invalide — \[1\]\.siret : un SIRET a 14 chiffres/);
    expect(() => parseOrExplain(Anchor, { node: "n", range: { from: -1, to: 2 } }, "Ancre")).toThrow(
      /range\.from/,
    );
    expect(() => parseOrExplain(Certifier, "x", "Certificateur")).toThrow(/\(racine\) : /);
  });

  it("explains zod's own errors in French", () => {
    expect(() => parseOrExplain(Certifier, { name: 42 }, "Certificateur")).toThrow(
      /name : Entrée invalide : chaîne de caractères attendu, nombre reçu/,
    );
    expect(() => parseOrExplain(Certifier, { name: "A", other: 1 }, "Certificateur")).toThrow(/other/);
  });
});
