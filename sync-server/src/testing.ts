/** Test helpers of the sync server, for the cross-package tests (`@refstudio/sync-server/testing`). */
export { type ReceivedMail, type SmtpTestServer, startSmtpTestServer } from "./mail/smtp-test-server.ts";
/** Opens a stopped server's embedded store, to check what it kept. */
export { openSqliteStores } from "./store/sqlite-stores.ts";
