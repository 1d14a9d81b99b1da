import { fileURLToPath } from "node:url";
import { z } from "zod";
import "./french-errors.ts";

/**
 * Server configuration, read once from the environment. Every value has a default that works on
 * a developer's machine; a bad value stops the server with a message naming the variable.
 */

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "un entier positif est attendu")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
}, "une origine de la forme https://exemple.fr (sans chemin ni barre finale) est attendue");

const EnvSchema = z
  .object({
    PORT: integer(0, 65_535).default(8080),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "une URL postgres://… est attendue")
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "une URL redis://… est attendue")
      .optional(),
    SIGNUP: z.enum(["open", "invitation"]).default("invitation"),
    ALLOWED_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      )
      .pipe(z.array(origin)),
    MAX_MESSAGE_BYTES: integer(1024, 256 * 1024 * 1024).default(8 * 1024 * 1024),
    IDLE_UNLOAD_MS: integer(0, 24 * 3600 * 1000).default(30_000),
    COMPACT_AFTER: integer(1, 1_000_000).default(500),
    CHECKPOINT_QUIET_MS: integer(100, 24 * 3600 * 1000).default(5 * 60_000),
    CHECKPOINT_EVERY_MS: integer(1000, 7 * 24 * 3600 * 1000).default(30 * 60_000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    TRUST_PROXY: z.enum(["true", "false"]).default("false"),
    EDITOR_DIST: z.string().min(1).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, "une URL smtp://… ou smtps://… est attendue")
      .optional(),
    MAIL_FROM: z
      .string()
      .trim()
      .max(320)
      .regex(
        /^(?:[^<>\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        "une adresse « Nom <adresse@exemple.fr> » est attendue",
      )
      .optional(),
    PUBLIC_URL: z
      .string()
      .trim()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "http:" || url.protocol === "https:") && !url.search && !url.hash;
        } catch {
          return false;
        }
      }, "une URL de la forme https://exemple.fr (ou https://exemple.fr/chemin) est attendue")
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
    DIGEST_HOUR: integer(0, 23).default(8),
  })
  .superRefine((env, context) => {
    if (env.SMTP_URL && !env.MAIL_FROM) {
      context.addIssue({
        code: "custom",
        path: ["MAIL_FROM"],
        message: "l'adresse d'expéditeur est requise avec SMTP_URL",
      });
    }
  });

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** True when anyone may create an account; otherwise only the first account and invited people. */
  openSignup: boolean;
  /** Origins allowed besides the server's own (e.g. the editor's dev server). */
  allowedOrigins: string[];
  maxMessageBytes: number;
  idleUnloadMs: number;
  compactAfter: number;
  /** An automatic checkpoint is saved once a document has been quiet this long after edits… */
  checkpointQuietMs: number;
  /** …or after this much continuous activity. */
  checkpointEveryMs: number;
  logLevel: string;
  /** Trust X-Forwarded-* headers (behind a reverse proxy) for the client address and HTTPS. */
  trustProxy: boolean;
  /** The built editor (Vite's output) served at `/`. */
  editorDist: string;
  /** The mail relay and sender address; null when the server sends no mail (links are shared by hand). */
  mail: { smtpUrl: string; from: string } | null;
  /**
   * Where the server is reached from outside (e.g. behind a proxy), without trailing slash: the
   * base of the CASE `uri`s and of links in mails. Unset: the origin of each request (mails: the
   * address the server listens on).
   */
  publicUrl: string | undefined;
  /** Hour of the day (server time) when daily digests of notifications are sent. */
  digestHour: number;
};

/** Thrown for a bad environment: its message lists every bad variable, in French. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const DEFAULT_EDITOR_DIST = fileURLToPath(new URL("../../editor/dist", import.meta.url));

/** Parses the environment (unset and empty variables take their default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== "")
      .map((key) => [key, env[key]]),
  );
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const details = result.error.issues.map((issue) => `${issue.path.join(".")} : ${issue.message}`);
    throw new ConfigError(`Configuration invalide — ${details.join(" ; ")}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    openSignup: e.SIGNUP === "open",
    allowedOrigins: e.ALLOWED_ORIGINS,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    idleUnloadMs: e.IDLE_UNLOAD_MS,
    compactAfter: e.COMPACT_AFTER,
    checkpointQuietMs: e.CHECKPOINT_QUIET_MS,
    checkpointEveryMs: e.CHECKPOINT_EVERY_MS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === "true",
    editorDist: e.EDITOR_DIST ?? DEFAULT_EDITOR_DIST,
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    publicUrl: e.PUBLIC_URL,
    digestHour: e.DIGEST_HOUR,
  };
}
