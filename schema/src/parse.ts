import { z } from "zod";

/** zod's French messages, for the issues whose schema has no message of its own. */
const french = z.locales.fr().localeError;

/** A field's path as code writes it (`referential.nodes[3].body`). */
const dottedPath = (path: readonly PropertyKey[]) =>
  path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "") || "(racine)";

/**
 * Parses with a zod schema; on failure throws one French error naming each bad field, by its
 * path or, with `name`, in words (e.g. snapshotFieldName).
 */
export function parseOrExplain<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
  name: (path: readonly PropertyKey[]) => string = dottedPath,
): z.infer<T> {
  const result = schema.safeParse(value, { error: french });
  if (result.success) return result.data;
  const details = result.error.issues
    .slice(0, 5)
    .map((issue) => `${name(issue.path)} : ${issue.message}`)
    .join(" ; ");
  throw new InvalidInputError(`${what} invalide — ${details}`, result.error.issues);
}

/** Bad input from outside (a file, a request): its message is safe to show to the user. */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(message);
    this.name = "InvalidInputError";
  }
}
