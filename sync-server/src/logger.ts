import { type Logger, pino } from "pino";

export type { Logger };

/** One JSON line per event on stdout (pino). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "refstudio-sync" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["req.headers.cookie", 'res.headers["set-cookie"]'],
  });
}
