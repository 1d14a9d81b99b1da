import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
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
};
