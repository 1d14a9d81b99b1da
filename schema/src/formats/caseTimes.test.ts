import { describe, expect, it } from "vitest";
import { plainToRich } from "../richtext.ts";
import { META_KEY } from "./case.ts";
import { changeTimes } from "./caseTimes.ts";
import { demo } from "./testHelpers.ts";

describe("changeTimes", () => {
  it("dates each record from the oldest version since which it is unchanged", () => {
    const v1 = demo();
    const v2 = structuredClone(v1);
    const edited = v2.nodes.find((n) => n.kind === "competency");
    if (!edited) throw new Error("compétence absente");
    edited.body = plainToRich("Piloter le budget afin de tenir les coûts.");
    const v3 = structuredClone(v2);
    v3.meta.title = "Nouveau titre";
    const times = changeTimes([
      { at: "2024-01-01T10:00:00.000Z", referential: v1 },
      { at: "2024-02-01T10:00:00.000Z", referential: v2 },
      { at: "2024-03-01T10:00:00.000Z", referential: v3 },
    ]);
    expect(times(edited.id)).toBe("2024-02-01T10:00:00.000Z");
    expect(times(META_KEY)).toBe("2024-03-01T10:00:00.000Z");
    const untouched = v3.nodes.find((n) => n.id !== edited.id);
    expect(times(untouched?.id ?? "")).toBe("2024-01-01T10:00:00.000Z");
    expect(times("unknown")).toBeUndefined();
  });
});
