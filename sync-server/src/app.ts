import fastifyCookie from "@fastify/cookie";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { isAllowedOrigin } from "./auth/origin.ts";
import type { Config } from "./config.ts";
import "./french-errors.ts";
import type { ServerContext } from "./context.ts";
import { CheckpointScheduler } from "./history/checkpoints.ts";
import { accountRoutes } from "./http/account-routes.ts";
import { adminRoutes } from "./http/admin-routes.ts";
import { caseRoutes } from "./http/case-routes.ts";
import { serveEditor } from "./http/editor-static.ts";
import { errorBody, installErrorHandler } from "./http/errors.ts";
import { exportRoutes } from "./http/export-routes.ts";
import { historyRoutes } from "./http/history-routes.ts";
import { importRoutes } from "./http/import-routes.ts";
import { memberRoutes } from "./http/member-routes.ts";
import { notificationRoutes } from "./http/notification-routes.ts";
import { operationsRoutes } from "./http/operations-routes.ts";
import { passwordResetRoutes } from "./http/password-reset-routes.ts";
import { referentialCopyRoutes } from "./http/referential-copy-routes.ts";
import { referentialRoutes } from "./http/referential-routes.ts";
import { sessionRoutes } from "./http/session-routes.ts";
import { versionRoutes } from "./http/version-routes.ts";
import { createLogger, type Logger } from "./logger.ts";
import { Links } from "./mail/links.ts";
import { Metrics } from "./metrics.ts";
import { Notifier } from "./notifications/notifier.ts";
import { MailOutbox } from "./notifications/outbox.ts";
import { RecordSync } from "./referentials/record-sync.ts";
import { openStores } from "./store/open-stores.ts";
import type { Stores } from "./store/types.ts";
import { Rooms } from "./sync/rooms.ts";
import { createUpgradeHandler } from "./sync/upgrade.ts";

export type App = {
  /** Starts listening; resolves with the bound port (useful with PORT=0). */
  listen(): Promise<number>;
  /** Graceful stop: no new connections, sync connections closed, every document flushed, store closed. */
  close(): Promise<void>;
  readonly context: ServerContext;
  readonly http: FastifyInstance;
};

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const UNSUBSCRIBE_PATH = "/api/notifications/unsubscribe/";
/** Time given to sync clients to answer the close handshake on shutdown before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Wires one server: Fastify (HTTP API, the built editor) and the WebSocket sync endpoint on the
 * same HTTP server, over one pair of stores.
 */
export async function createApp(
  config: Config,
  options: { log?: Logger; stores?: Stores } = {},
): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const stores =
    options.stores ?? (await openStores({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }));
  const metrics = new Metrics();
  const recordSync = new RecordSync(stores.app, log);
  let listening = `http://localhost:${config.port}`;
  const links = new Links(() => config.publicUrl ?? listening);
  // The mail library is loaded only with a mail relay configured (it costs megabytes of memory).
  const mailer = config.mail ? (await import("./mail/mailer.ts")).createMailer(config.mail, log) : null;
  const outbox = mailer
    ? new MailOutbox({ stores, mailer, links, log, digestHour: config.digestHour })
    : null;
  const notifier = new Notifier({ stores, outbox, log });
  // Several processes sharing one store fan accepted updates out through Redis.
  // (Loaded only then: the Redis client costs megabytes of memory.)
  const relay = config.redisUrl
    ? await (await import("./sync/redis-relay.ts")).RedisRelay.connect(config.redisUrl, log, metrics)
    : undefined;
  let checkpoints: CheckpointScheduler | undefined;
  const rooms = new Rooms({
    relay,
    docs: stores.docs,
    metrics,
    log,
    compactAfter: config.compactAfter,
    idleUnloadMs: config.idleUnloadMs,
    accessOf: async (docId, peer) =>
      (await stores.app.sessionUser(peer.sessionHash, new Date().toISOString()))
        ? stores.app.roleOf(docId, peer.userId)
        : null,
    onCommitted: (id, doc, userId) => {
      recordSync.touch(id, doc);
      checkpoints?.noteEdit(id, userId);
    },
    watch: (room) => notifier.watch(room),
  });
  checkpoints = new CheckpointScheduler({
    stores,
    withRoom: (id, fn) => rooms.with(id, fn),
    log,
    quietMs: config.checkpointQuietMs,
    everyMs: config.checkpointEveryMs,
  });
  const context: ServerContext = { config, stores, rooms, metrics, log, relay, notifier, mailer, links };

  const http = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    trustProxy: config.trustProxy,
  });
  await http.register(fastifyCookie);
  // Bodies are JSON only (API.md): a text/plain body gets a 415, not a string.
  http.removeContentTypeParser("text/plain");
  installErrorHandler(http, log);
  http.addHook("onRequest", async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return;
    // A mail client's one-click unsubscribe (RFC 8058) carries no Origin: its secret is the proof.
    if (request.url.startsWith(UNSUBSCRIBE_PATH)) return;
    if (isAllowedOrigin(request.headers.origin, request.headers.host, config.allowedOrigins)) return;
    return reply.status(403).send(errorBody("bad_origin", "Origine de la requête non autorisée"));
  });
  http.addHook("onResponse", async (request, reply) => {
    log.debug({ method: request.method, url: request.url, status: reply.statusCode }, "request");
  });
  sessionRoutes(http, context);
  referentialRoutes(http, context);
  referentialCopyRoutes(http, context);
  memberRoutes(http, context);
  versionRoutes(http, context);
  historyRoutes(http, context);
  importRoutes(http, context);
  exportRoutes(http, context);
  caseRoutes(http, context);
  operationsRoutes(http, context);
  accountRoutes(http, context);
  passwordResetRoutes(http, context);
  adminRoutes(http, context);
  notificationRoutes(http, context);
  await serveEditor(http, config.editorDist);

  const sync = createUpgradeHandler(context);
  http.server.on("upgrade", sync.handle);

  let port = 0;
  return {
    context,
    http,
    async listen() {
      await http.listen({ port: config.port, host: config.host });
      const address = http.server.address();
      port = typeof address === "object" && address ? address.port : config.port;
      const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
      listening = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      if (config.mail && !config.publicUrl) {
        log.warn({ links: listening }, "PUBLIC_URL is not set: links in mails use the listening address");
      }
      outbox?.start();
      return port;
    },
    async close() {
      sync.refuseNew();
      const httpClosed = http.close();
      // Work not yet checkpointed is saved while the rooms are still loaded.
      await checkpoints.stop();
      await rooms.closeAll();
      await sync.close(CLOSE_GRACE_MS);
      await httpClosed;
      // An API request still running may have loaded a room meanwhile: flush it too.
      await rooms.closeAll();
      await recordSync.flush();
      await notifier.flush();
      await outbox?.close();
      mailer?.close();
      await relay?.close();
      await stores.close();
    },
  };
}
