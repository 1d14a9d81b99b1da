import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("has defaults that work on a developer's machine", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      dataDir: "./data",
      databaseUrl: undefined,
      redisUrl: undefined,
      openSignup: false,
      allowedOrigins: [],
      maxMessageBytes: 8 * 1024 * 1024,
      idleUnloadMs: 30_000,
      compactAfter: 500,
      logLevel: "info",
      trustProxy: false,
    });
    expect(config.editorDist).toMatch(/editor[/\\]dist$/);
  });

  it("reads every variable, treating empty ones as unset", () => {
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: "/tmp/x",
      DATABASE_URL: "postgres://u@localhost/db",
      REDIS_URL: "redis://localhost:6379",
      SIGNUP: "open",
      ALLOWED_ORIGINS: "http://localhost:5173, https://ref.example.fr",
      MAX_MESSAGE_BYTES: "65536",
      IDLE_UNLOAD_MS: "",
      COMPACT_AFTER: "10",
      LOG_LEVEL: "warn",
    });
    expect(config).toMatchObject({
      port: 0,
      host: "127.0.0.1",
      databaseUrl: "postgres://u@localhost/db",
      openSignup: true,
      allowedOrigins: ["http://localhost:5173", "https://ref.example.fr"],
      maxMessageBytes: 65_536,
      idleUnloadMs: 30_000,
      compactAfter: 10,
      logLevel: "warn",
    });
  });

  it("names every bad variable in one French error", () => {
    const bad = () =>
      loadConfig({ PORT: "huit", COMPACT_AFTER: "0", ALLOWED_ORIGINS: "localhost:5173", SIGNUP: "oui" });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["PORT", "COMPACT_AFTER", "ALLOWED_ORIGINS", "SIGNUP"])
        expect(message).toContain(name);
      expect(message).toMatch(/^Configuration invalide/);
    }
  });

  it("refuses an origin with a path and a database URL of another kind", () => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: "https://ref.example.fr/app" })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("reads PUBLIC_URL without its trailing slash, and refuses what is not an http(s) URL", () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: "https://ref.example.fr/studio/" }).publicUrl).toBe(
      "https://ref.example.fr/studio",
    );
    expect(() => loadConfig({ PUBLIC_URL: "ref.example.fr" })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: "ftp://ref.example.fr" })).toThrow(/PUBLIC_URL/);
  });
});

describe("mail settings", () => {
  it("sends no mail without SMTP_URL", () => {
    expect(loadConfig({})).toMatchObject({ mail: null, publicUrl: undefined, digestHour: 8 });
  });

  it("reads the relay, the sender, the public address and the digest hour", () => {
    const config = loadConfig({
      SMTP_URL: "smtp://user:secret@127.0.0.1:2525",
      MAIL_FROM: "Référentiel Studio <studio@example.fr>",
      PUBLIC_URL: "https://ref.example.fr",
      DIGEST_HOUR: "17",
    });
    expect(config).toMatchObject({
      mail: { smtpUrl: "smtp://user:secret@127.0.0.1:2525", from: "Référentiel Studio <studio@example.fr>" },
      publicUrl: "https://ref.example.fr",
      digestHour: 17,
    });
  });

  it("refuses a relay without a sender, a bad sender and a bad hour", () => {
    expect(() => loadConfig({ SMTP_URL: "smtp://127.0.0.1:25" })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: "http://x", MAIL_FROM: "a@b.fr" })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ MAIL_FROM: "pas une adresse" })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ DIGEST_HOUR: "24" })).toThrow(/DIGEST_HOUR/);
  });
});
