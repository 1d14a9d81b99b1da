import { describe } from "vitest";
import { MemoryDocStore } from "./memory-doc-store.ts";
import { docStoreContract } from "./stores.contract.ts";

describe("in-memory DocStore", () => {
  // One store for every open: "reopening" finds the same documents, as with a database.
  const docs = new MemoryDocStore();
  docStoreContract(async () => ({ docs, close: async () => {} }));
});
