import { describe, expect, it } from "vitest";
import { fileNameFor } from "./fileName.ts";
import { demo } from "./testHelpers.ts";

describe("fileNameFor", () => {
  it("carries the code, the version name and the date, in safe characters", () => {
    expect(
      fileNameFor(demo(), { versionName: "V2 validée / jury", date: "2024-05-02T22:10:00Z", ext: "docx" }),
    ).toBe("RNCP12345_V2-validee-jury_2024-05-02.docx");
    expect(fileNameFor(demo(), { date: new Date("2024-05-02T08:00:00Z"), ext: ".XML" })).toBe(
      "RNCP12345_2024-05-02.xml",
    );
  });

  it("uses the title when there is no RNCP code yet", () => {
    const ref = demo();
    ref.meta.rncpCode = "";
    ref.meta.title = "Chef de projet « marketing » & communication : œuvre";
    expect(fileNameFor(ref, { versionName: "../../etc/passwd", ext: "json" })).toBe(
      "Chef-de-projet-marketing-communication-o_etc-passwd.json",
    );
    ref.meta.title = "";
    expect(fileNameFor(ref, { ext: "docx" })).toBe("referentiel.docx");
  });
});
