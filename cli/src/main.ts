import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type ImportPreview,
  previewOf,
  previewToReferential,
  readSourceDocument,
  rncpPreview,
  sniffFile,
  titleFromFileName,
} from "@refstudio/schema/import";
import {
  canonicalJson,
  exportCase,
  exportDocx,
  exportRncpXml,
  ficheToReferential,
  findRncpFiche,
  InvalidInputError,
  listRncpFiches,
  parseSnapshot,
  type Referential,
  SCHEMA_VERSION,
  SNAPSHOT_FORMAT,
  validate,
} from "@refstudio/schema/server";

/**
 * `refstudio import|export|validate`: the schema package's import, export and validation, the
 * same code the editor runs in the browser, for scripts and batch conversions. Results go to
 * stdout (or -o), what the user must read (flags, « Non classé », progress) to stderr.
 */

type Out = { write(text: string | Uint8Array): unknown; isTTY?: boolean };
export type Io = { stdout: Out; stderr: Out };

const USAGE = `Usage :
  refstudio import <fichier.docx|.pdf|.html|.xml> [--fiche RNCP…] [--title "Titre"] [-o sortie.json]
      Lit le tableau du référentiel (ou une fiche d'un export RNCP) et écrit son instantané JSON.
      Les points à vérifier et le texte non classé sont écrits sur la sortie d'erreur.
  refstudio export <instantane.json> --format docx|xml|case|json [-o fichier]
      Exporte un instantané : Word (tableau à 4 colonnes), XML France Compétences, CASE 1.1, JSON canonique.
  refstudio validate <instantane.json> [--json]
      Liste les problèmes du référentiel en français ; code de sortie 1 s'il reste des erreurs.
`;

class UsageError extends Error {}

type Args = { positional: string[]; options: Map<string, string | true> };

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-o" || arg === "--output" || arg === "--fiche" || arg === "--format" || arg === "--title") {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`L'option ${arg} attend une valeur.`);
      options.set(arg === "--output" ? "-o" : arg, value);
    } else if (arg === "--json" || arg === "--help" || arg === "-h") options.set(arg, true);
    else if (arg.startsWith("-")) throw new UsageError(`Option inconnue : ${arg}`);
    else positional.push(arg);
  }
  return { positional, options };
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const args = parseArgs(rest);
    if (!command || command === "--help" || command === "-h" || args.options.has("--help")) {
      io.stdout.write(USAGE);
      return command ? 0 : 2;
    }
    if (command === "import") return await importCommand(args, io);
    if (command === "export") return await exportCommand(args, io);
    if (command === "validate") return await validateCommand(args, io);
    throw new UsageError(`Commande inconnue : ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof InvalidInputError) {
      io.stderr.write(`Erreur : ${error.message}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      io.stderr.write(`Erreur : fichier introuvable : ${(error as NodeJS.ErrnoException).path}\n`);
      return 1;
    }
    throw error;
  }
}

/** Paths are the user's: `pnpm refstudio` runs in the workspace root but keeps the caller's directory in INIT_CWD. */
const userPath = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

const fileArg = (args: Args, what: string) => {
  const [file, extra] = args.positional;
  if (!file) throw new UsageError(`Indiquez ${what}.`);
  if (extra) throw new UsageError(`Argument en trop : ${extra}`);
  return userPath(file);
};

async function* fileChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20));
}

/** Progress on a terminal only, on one line. */
function progress(io: Io, label: string) {
  let last = -1;
  return (fraction: number) => {
    const percent = Math.floor(fraction * 100);
    if (!io.stderr.isTTY || percent === last) return;
    last = percent;
    io.stderr.write(`\r${label} ${percent} %${percent >= 100 ? "\n" : ""}`);
  };
}

async function importCommand(args: Args, io: Io): Promise<number> {
  const file = fileArg(args, "le fichier à importer");
  const bytes = new Uint8Array(await readFile(file));
  const kind = sniffFile(bytes);
  let preview: ImportPreview;
  if (kind === "rncp") {
    const fiche = args.options.get("--fiche");
    if (typeof fiche !== "string") {
      const fiches = await listRncpFiches(fileChunks(bytes));
      throw new InvalidInputError(
        `Cet export RNCP contient ${fiches.length} fiche(s) : choisissez-en une avec --fiche (${fiches
          .slice(0, 20)
          .map((f) => f.number)
          .join(", ")}${fiches.length > 20 ? ", …" : ""}).`,
      );
    }
    const read = progress(io, "Lecture de l'export RNCP");
    preview = rncpPreview(
      ficheToReferential(
        await findRncpFiche(fileChunks(bytes), fiche, { onProgress: (n) => read(n / bytes.length) }),
      ),
    );
  } else {
    const doc = await readSourceDocument(bytes, kind, { onProgress: progress(io, "Lecture du document") });
    preview = previewOf(doc, titleFromFileName(file));
  }
  const title = args.options.get("--title");
  if (typeof title === "string") preview = { ...preview, title };
  reportPreview(preview, io);
  const referential = previewToReferential(preview);
  await output(
    args,
    io,
    `${canonicalJson({ format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential })}\n`,
  );
  return 0;
}

/** What the user must check: counts, flagged items, the « Non classé » list. */
function reportPreview(preview: ImportPreview, io: Io): void {
  const count = (kind: string) => preview.items.filter((i) => i.kind === kind).length;
  const lines = [
    `${preview.blocs.length} bloc(s), ${count("activity")} activité(s), ${count("competency")} compétence(s), ${count("modality")} modalité(s), ${count("criterion")} critère(s).`,
  ];
  for (const note of preview.notes) lines.push(`Remarque : ${note}`);
  const blocName = (id: string | null) => {
    const index = preview.blocs.findIndex((b) => b.id === id);
    return index === -1 ? "hors bloc" : `bloc ${index + 1}`;
  };
  const flagged = preview.items.filter((i) => i.flags.length > 0);
  if (flagged.length > 0) lines.push("", `À vérifier (${flagged.length}) :`);
  for (const item of flagged) {
    const text = [item.title, ...item.lines].filter(Boolean).join(" ").slice(0, 80);
    for (const flag of item.flags)
      lines.push(`  - [${blocName(item.bloc)}, ${item.place}] « ${text} » : ${flag}`);
  }
  if (preview.unclassified.length > 0) lines.push("", `Non classé (${preview.unclassified.length}) :`);
  for (const entry of preview.unclassified)
    lines.push(`  - [${entry.place}] ${entry.reason} : ${entry.text}`);
  io.stderr.write(`${lines.join("\n")}\n`);
}

async function output(args: Args, io: Io, data: string | Uint8Array): Promise<void> {
  const target = args.options.get("-o");
  if (typeof target === "string") await writeFile(userPath(target), data);
  else io.stdout.write(data);
}

async function readSnapshot(file: string): Promise<Referential> {
  return parseSnapshot(await readFile(file, "utf8")).referential;
}

async function exportCommand(args: Args, io: Io): Promise<number> {
  const referential = await readSnapshot(fileArg(args, "l'instantané JSON à exporter"));
  const format = args.options.get("--format");
  switch (format) {
    case "docx":
      if (!args.options.has("-o") && io.stdout.isTTY)
        throw new UsageError("Un document Word s'écrit dans un fichier : ajoutez -o fichier.docx.");
      await output(args, io, await exportDocx(referential));
      return 0;
    case "xml":
      await output(args, io, exportRncpXml(referential));
      return 0;
    case "case":
      await output(args, io, `${JSON.stringify(exportCase(referential), null, 2)}\n`);
      return 0;
    case "json":
      await output(
        args,
        io,
        `${canonicalJson({ format: SNAPSHOT_FORMAT, schemaVersion: SCHEMA_VERSION, referential })}\n`,
      );
      return 0;
    default:
      throw new UsageError("Indiquez le format avec --format docx, xml, case ou json.");
  }
}

async function validateCommand(args: Args, io: Io): Promise<number> {
  const report = validate(await readSnapshot(fileArg(args, "l'instantané JSON à valider")));
  if (args.options.has("--json")) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const lines = report.issues.map(
      (issue) =>
        `${issue.severity === "error" ? "Erreur" : "Avertissement"} [${issue.rule}] ${issue.message.fr}`,
    );
    lines.push(`${report.errors} erreur(s), ${report.warnings} avertissement(s).`);
    io.stdout.write(`${lines.join("\n")}\n`);
  }
  return report.errors > 0 ? 1 : 0;
}
