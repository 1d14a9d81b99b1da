import { InvalidInputError } from "@refstudio/schema";
import type { FastifyError, FastifyInstance } from "fastify";
import type { Logger } from "../logger.ts";
import { StoreError } from "../store/errors.ts";

/** An error answered as `{ error: { code, message, ...extra } }` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
});

export const unauthorized = () => new HttpError(401, "unauthenticated", "Connectez-vous pour continuer");
export const notFound = (what = "Ressource") => new HttpError(404, "not_found", `${what} introuvable`);
export const forbidden = (message = "Votre rôle ne permet pas cette action") =>
  new HttpError(403, "forbidden", message);

/** Fastify's own client errors, by status, with a French message. */
const FRAMEWORK_ERRORS: Record<number, [string, string]> = {
  400: ["bad_request", "Requête invalide (corps JSON mal formé)"],
  404: ["not_found", "Ressource introuvable"],
  405: ["method_not_allowed", "Méthode non autorisée"],
  413: ["too_large", "Requête trop volumineuse"],
  415: ["unsupported_media_type", "Le corps de la requête doit être du JSON"],
};

/** One error handler for the whole API: every error leaves as JSON with the right status. */
export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.status === 429) reply.header("retry-after", String(error.extra.retryAfterSeconds ?? 60));
      return reply.status(error.status).send(errorBody(error.code, error.message, error.extra));
    }
    if (error instanceof StoreError) {
      const status = error.code === "conflict" ? 409 : 404;
      return reply.status(status).send(errorBody(error.code, error.message));
    }
    if (error instanceof InvalidInputError) {
      return reply.status(400).send(errorBody("invalid_input", error.message));
    }
    const status = error.statusCode ?? 500;
    const known = FRAMEWORK_ERRORS[status];
    if (status < 500 && known) return reply.status(status).send(errorBody(known[0], known[1]));
    if (status < 500) return reply.status(status).send(errorBody("bad_request", "Requête invalide"));
    log.error({ err: error, url: request.url, method: request.method }, "request failed");
    return reply.status(500).send(errorBody("internal", "Erreur interne du serveur, réessayez plus tard"));
  });
}
