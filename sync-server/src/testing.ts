/** Test helpers of the sync server, for the cross-package tests (`@refstudio/sync-server/testing`). */
export { type ReceivedMail, type SmtpTestServer, startSmtpTestServer } from "./mail/smtp-test-server.ts";
