import { type ImportPreview, mergeItems, setItemKind, setPreviewTitle } from "@refstudio/schema/import";
import { describe, expect, it } from "vitest";
import { applyEdit, startEdits, undoEdit } from "./previewHistory.ts";

const item = (id: string, kind: "competency" | "criterion", text: string) => ({
  id,
  kind,
  bloc: "b1",
  code: null,
  written: null,
  title: "",
  lines: [text],
  links: [],
  modalityType: null,
  flags: [],
  place: "ligne 1",
});

const preview: ImportPreview = {
  format: "docx",
  title: "Chef de projet",
  blocs: [{ id: "b1", label: "BLOC 1 –", code: null, title: "Piloter", lines: [] }],
  items: [item("i1", "competency", "Planifier les tâches"), item("i2", "competency", "Suivre le budget")],
  unclassified: [],
  notes: [],
};

describe("undo in the import preview", () => {
  it("undoes corrections one at a time, back to the preview as read", () => {
    let edits = startEdits(preview);
    edits = applyEdit(edits, (p) => setItemKind(p, "i2", "criterion"));
    edits = applyEdit(edits, (p) => setItemKind(p, "i2", "competency"));
    edits = applyEdit(edits, (p) => mergeItems(p, "i1", "i2"));
    expect(edits.preview.items).toHaveLength(1);
    edits = undoEdit(edits);
    expect(edits.preview.items.map((i) => [i.id, i.kind])).toEqual([
      ["i1", "competency"],
      ["i2", "competency"],
    ]);
    edits = undoEdit(edits);
    expect(edits.preview.items[1]?.kind).toBe("criterion");
    edits = undoEdit(edits);
    expect(edits.preview).toBe(preview);
    expect(undoEdit(edits)).toBe(edits);
  });

  it("counts typing in one field as one step, and a correction that changes nothing as none", () => {
    let edits = startEdits(preview);
    for (const title of ["C", "Ch", "Che"])
      edits = applyEdit(edits, (p) => setPreviewTitle(p, title), "title");
    edits = applyEdit(edits, (p) => mergeItems(p, "i1", "missing"));
    expect(edits.past).toHaveLength(1);
    edits = applyEdit(edits, (p) => setItemKind(p, "i1", "criterion"));
    edits = applyEdit(edits, (p) => setPreviewTitle(p, "Chef"), "title");
    expect(edits.past).toHaveLength(3);
    expect(undoEdit(undoEdit(undoEdit(edits))).preview.title).toBe("Chef de projet");
  });
});
