import type { z } from "zod";
import { HttpError } from "./errors.ts";

/** Parses a request body with a zod schema; a 400 naming the bad fields otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "corps"} : ${issue.message}`)
    .join(" ; ");
  throw new HttpError(400, "invalid_body", `Requête invalide — ${details}`);
}
