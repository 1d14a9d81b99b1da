/**
 * Child process of the kill -9 test in sqlite-stores.test.ts: appends one update, prints its seq,
 * then idles with the database still open until the test kills it with SIGKILL.
 * Usage: node --import tsx crash-append.script.ts <dataDir> <docId> <update as hex>
 */
import { openSqliteStores } from "./sqlite-stores.ts";

const [dataDir = "", docId = "", hex = ""] = process.argv.slice(2);
const stores = openSqliteStores(dataDir);
const seq = await stores.docs.append(docId, Buffer.from(hex, "hex"));
process.stdout.write(`${seq}\n`);
setInterval(() => {}, 60_000);
