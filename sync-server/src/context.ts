import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { Links } from "./mail/links.ts";
import type { Mailer } from "./mail/mailer.ts";
import type { Metrics } from "./metrics.ts";
import type { Notifier } from "./notifications/notifier.ts";
import type { Stores } from "./store/types.ts";
import type { Relay } from "./sync/relay.ts";
import type { Rooms } from "./sync/rooms.ts";

/** Everything the HTTP routes and the sync endpoint share in one server. */
export type ServerContext = {
  config: Config;
  stores: Stores;
  rooms: Rooms;
  metrics: Metrics;
  log: Logger;
  /** The fan-out to other processes sharing the store (REDIS_URL), if any. */
  relay: Relay | undefined;
  /** Notifications of mentions, replies, suggestions, decisions, role changes and invitations. */
  notifier: Notifier;
  /** The mail relay, or null: then nothing is mailed and links are shared by hand. */
  mailer: Mailer | null;
  /** Links to the server's pages (in mails and handed-over links). */
  links: Links;
};
