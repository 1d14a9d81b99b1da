import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

/**
 * Checks a CASE 1.1 package against the official binding (1EdTech's CFPackage JSON Schema,
 * draft 2020-12) and against OpenSALT's import schema (draft-04), both in
 * `shared/fixtures/case/`. Test support (Node only): `@refstudio/schema/case-check`.
 */

const FIXTURES = new URL("../../../../shared/fixtures/case/", import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8"));

function compile<T extends { compile: (schema: object) => unknown }>(ajv: T, schema: object) {
  return ajv.compile(schema) as ((data: unknown) => boolean) & {
    errors?: { instancePath: string; message?: string; params?: unknown }[] | null;
  };
}

const officialSchema = load("case-v1p1-cfpackage-schema.json");
const officialAjv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const official = compile(officialAjv, officialSchema);
const opensalt = compile(
  addFormats(new AjvDraft04({ allErrors: true, strict: false })),
  load("opensalt-import-case-v1p0-cfpackage-schema.json"),
);

/** The errors of `pkg` against each schema, as "path message" lines; empty when it passes both. */
export function caseErrors(pkg: unknown): { official: string[]; opensalt: string[] } {
  const run = (validate: typeof official) =>
    validate(pkg)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  return { official: run(official), opensalt: run(opensalt) };
}

/** The record kinds of a package, by the name of their definition in the official binding. */
export type CaseRecordKind =
  | "CFPckgDocumentDType"
  | "CFPckgItemDType"
  | "CFPckgAssociationDType"
  | "CFRubricDType"
  | "CFItemTypeDType";

/** The errors of one record against its definition in the official binding. */
export function caseRecordErrors(kind: CaseRecordKind, record: unknown): string[] {
  const validate = officialAjv.getSchema(`${officialSchema.$id}#/$defs/${kind}`);
  if (!validate) throw new Error(`Définition CASE inconnue : ${kind}`);
  return validate(record)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
