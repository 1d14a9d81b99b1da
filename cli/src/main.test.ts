import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseSnapshot } from "@refstudio/schema";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { type Io, main } from "./main.ts";

const FIXTURES = new URL("../../../shared/fixtures/", import.meta.url).pathname;
const DOCX = join(FIXTURES, "documents/word/referentiel-chef-de-projet-marketing-communication.docx");
const RNCP = join(FIXTURES, "rncp/export_fiches_RNCP_sample.xml");
const dir = mkdtempSync(join(tmpdir(), "refstudio-cli-"));

async function run(...argv: string[]) {
  const out: (string | Uint8Array)[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (t) => out.push(t) },
    stderr: { write: (t) => err.push(String(t)) },
  };
  const code = await main(argv, io);
  return {
    code,
    stdout: out.map((t) => (typeof t === "string" ? t : new TextDecoder().decode(t))).join(""),
    stderr: err.join(""),
  };
}

describe("refstudio import", () => {
  it("turns the Word fixture into a snapshot, with what to check and the « Non classé » list on stderr", async () => {
    const { code, stdout, stderr } = await run("import", DOCX, "--title", "Chef de projet marketing");
    expect(code).toBe(0);
    const { referential } = parseSnapshot(stdout);
    expect(referential.meta.title).toBe("Chef de projet marketing");
    expect(referential.nodes.filter((n) => n.kind === "bloc")).toHaveLength(4);
    expect(referential.nodes.filter((n) => n.kind === "competency")).toHaveLength(26);
    expect(stderr).toContain("4 bloc(s), 29 activité(s), 26 compétence(s), 4 modalité(s), 28 critère(s).");
    expect(stderr).toMatch(/À vérifier \(\d+\) :/);
    expect(stderr).toContain("Non classé (");
    expect(stderr).toContain("En-tête du tableau : MODALITÉS D'ÉVALUATION");
  });

  it("imports one fiche of an RNCP export, and lists the fiches when none is chosen", async () => {
    const out = join(dir, "fiche.json");
    const { code } = await run("import", RNCP, "--fiche", "RNCP37674", "-o", out);
    expect(code).toBe(0);
    expect(parseSnapshot(readFileSync(out, "utf8")).referential.meta.rncpCode).toBe("RNCP37674");
    const missing = await run("import", RNCP);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/contient 8 fiche\(s\) : choisissez-en une avec --fiche \(RNCP34762, /);
  });

  it("refuses a bad file with a French message and writes nothing", async () => {
    const bad = join(dir, "notes.docx");
    writeFileSync(bad, "PK\u0003\u0004 pas vraiment un zip");
    const out = join(dir, "never.json");
    const { code, stderr, stdout } = await run("import", bad, "-o", out);
    expect(code).toBe(1);
    expect(stderr).toBe("Erreur : Ce fichier n'est pas un document Word (.docx) lisible.\n");
    expect(stdout).toBe("");
    expect(existsSync(out)).toBe(false);
    expect((await run("import", join(dir, "absent.pdf"))).stderr).toMatch(/^Erreur : fichier introuvable/);
    expect((await run("frobnicate")).code).toBe(2);
  });
});

describe("refstudio export and validate", () => {
  const snapshot = join(dir, "chef.json");

  it("exports a snapshot to Word, RNCP XML, CASE and canonical JSON", async () => {
    writeFileSync(snapshot, (await run("import", DOCX)).stdout);
    const docx = join(dir, "chef.docx");
    expect((await run("export", snapshot, "--format", "docx", "-o", docx)).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(docx));
    expect(await zip.file("word/document.xml")?.async("string")).toContain(
      "Analyser les caractéristiques du marché",
    );
    // The flux identifies a fiche by its RNCP number: refused (in French) until the référentiel has one.
    const refused = await run("export", snapshot, "--format", "xml");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Erreur : .*code RNCP/);
    const registered = join(dir, "registered.json");
    const json = JSON.parse(readFileSync(snapshot, "utf8"));
    json.referential.meta.rncpCode = "RNCP12345";
    writeFileSync(registered, JSON.stringify(json));
    expect((await run("export", registered, "--format", "xml")).stdout).toMatch(/<FICHES[\s>]/);
    expect(JSON.parse((await run("export", snapshot, "--format", "case")).stdout).CFDocument).toBeDefined();
    expect((await run("export", snapshot, "--format", "json")).stdout).toBe(readFileSync(snapshot, "utf8"));
    expect((await run("export", snapshot)).code).toBe(2);
  });

  it("lists the issues in French and exits 1 while errors remain (--json for machines)", async () => {
    const text = await run("validate", snapshot);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^Erreur \[meta\.required\] /m);
    expect(text.stdout).toMatch(/\d+ erreur\(s\), \d+ avertissement\(s\)\.\n$/);
    const json = await run("validate", snapshot, "--json");
    expect(JSON.parse(json.stdout).errors).toBeGreaterThan(0);
  });

  it("runs as `pnpm refstudio` from any directory", async () => {
    const root = new URL("../../", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(
      "pnpm",
      ["--silent", "--dir", root, "refstudio", "validate", "chef.json", "--json"],
      {
        cwd: dir,
        env: { ...process.env, INIT_CWD: dir },
      },
    ).catch((error: { stdout: string; code: number }) => {
      expect(error.code).toBe(1);
      return error;
    });
    expect(JSON.parse(stdout).issues.length).toBeGreaterThan(0);
  });
});
