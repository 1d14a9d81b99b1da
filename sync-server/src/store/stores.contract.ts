/**
 * The behaviour every `Stores` implementation must have, run by each implementation's test file.
 * `open` opens the same database on every call (so reopening is testable); tests use fresh ids.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ACTIVITY_BUCKET_MS } from "./history.ts";
import type { NewNotification, Role, StoredDoc, Stores, UpdateDigest, User, VersionRecord } from "./types.ts";

const uid = (): string => randomUUID();
/** Lets the millisecond clock move, so "most recent first" has something to order. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** A Y.Doc edited in `count` transactions, with the update each one produced. */
function editedDoc(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) {
    doc.transact(() => {
      doc.getMap("meta").set(`k${i}`, i);
      doc.getText("body").insert(0, `t${i} `);
    });
  }
  return { doc, updates };
}

const docFrom = (parts: Uint8Array[]): Y.Doc => {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
};
const rebuild = (stored: StoredDoc): Y.Doc =>
  docFrom(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
const contents = (doc: Y.Doc) => ({
  meta: doc.getMap("meta").toJSON(),
  body: doc.getText("body").toString(),
});

/** The behaviour of every `DocStore`: run by the SQLite, PostgreSQL and in-memory tests. */
export function docStoreContract(open: () => Promise<Pick<Stores, "docs" | "close">>): void {
  let stores: Pick<Stores, "docs" | "close">;
  beforeEach(async () => {
    stores = await open();
  });
  afterEach(async () => {
    await stores.close();
  });

  const appendAll = async (docId: string, updates: Uint8Array[]): Promise<number[]> => {
    const seqs: number[] = [];
    for (const update of updates) seqs.push(await stores.docs.append(docId, update));
    return seqs;
  };

  describe("DocStore", () => {
    it("loads a document never written as empty", async () => {
      expect(await stores.docs.load(uid())).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await stores.docs.pendingUpdates(uid())).toBe(0);
    });

    it("loads appended updates in order with increasing seqs", async () => {
      const docId = uid();
      const { doc, updates } = editedDoc(4);
      const seqs = await appendAll(docId, updates);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(4);

      const stored = await stores.docs.load(docId);
      expect(stored.snapshot).toBeNull();
      expect(stored.updates).toStrictEqual(updates);
      expect(stored.lastSeq).toBe(seqs.at(-1));
      expect(await stores.docs.pendingUpdates(docId)).toBe(4);
      expect(contents(rebuild(stored))).toEqual(contents(doc));
      // Another document is untouched.
      expect((await stores.docs.load(uid())).updates).toEqual([]);
    });

    it("compacts into a snapshot, keeping later updates and the same document", async () => {
      const docId = uid();
      const { doc, updates } = editedDoc(5);
      const seqs = await appendAll(docId, updates);
      const snapshot = Y.encodeStateAsUpdate(docFrom(updates.slice(0, 3)));

      await stores.docs.compact(docId, snapshot, seqs[2]!);

      const stored = await stores.docs.load(docId);
      expect(stored.snapshot).toStrictEqual(snapshot);
      expect(stored.updates).toStrictEqual(updates.slice(3));
      expect(stored.lastSeq).toBe(seqs[4]);
      expect(await stores.docs.pendingUpdates(docId)).toBe(2);
      expect(contents(rebuild(stored))).toEqual(contents(doc));
    });

    it("keeps increasing seqs after a full compaction", async () => {
      const docId = uid();
      const { doc, updates } = editedDoc(4);
      const seqs = await appendAll(docId, updates.slice(0, 3));
      await stores.docs.compact(docId, Y.encodeStateAsUpdate(docFrom(updates.slice(0, 3))), seqs[2]!);

      const compacted = await stores.docs.load(docId);
      expect(compacted.updates).toEqual([]);
      expect(compacted.lastSeq).toBe(seqs[2]);
      expect(await stores.docs.pendingUpdates(docId)).toBe(0);

      const next = await stores.docs.append(docId, updates[3]!);
      expect(next).toBeGreaterThan(seqs[2]!);
      const stored = await stores.docs.load(docId);
      expect(stored.updates).toStrictEqual([updates[3]]);
      expect(stored.lastSeq).toBe(next);
      expect(contents(rebuild(stored))).toEqual(contents(doc));
    });

    it("loads what was stored after a seq, with the snapshot once it absorbed part of it", async () => {
      const docId = uid();
      const { doc, updates } = editedDoc(6);
      const seqs = await appendAll(docId, updates);
      const other = uid();
      const otherSeq = await stores.docs.append(other, updates[0]!);
      expect(await stores.docs.lastSeqs([docId, other, uid()])).toEqual(
        new Map([
          [docId, seqs[5]],
          [other, otherSeq],
        ]),
      );

      const since = await stores.docs.loadSince(docId, seqs[3]!);
      expect(since).toStrictEqual({ snapshot: null, updates: updates.slice(4), lastSeq: seqs[5] });
      expect(await stores.docs.loadSince(docId, seqs[5]!)).toStrictEqual({
        snapshot: null,
        updates: [],
        lastSeq: seqs[5],
      });

      // A compaction up to seq 3 absorbed update 3, which a process at seq 2 lacks: the snapshot comes too.
      const snapshot = Y.encodeStateAsUpdate(docFrom(updates.slice(0, 4)));
      await stores.docs.compact(docId, snapshot, seqs[3]!);
      const behind = await stores.docs.loadSince(docId, seqs[2]!);
      expect(behind.snapshot).toStrictEqual(snapshot);
      expect(behind.updates).toStrictEqual(updates.slice(4));
      expect(behind.lastSeq).toBe(seqs[5]);
      expect(contents(docFrom([...updates.slice(0, 3), behind.snapshot!, ...behind.updates]))).toEqual(
        contents(doc),
      );
      // A process already past the snapshot gets only the updates.
      expect((await stores.docs.loadSince(docId, seqs[4]!)).snapshot).toBeNull();
    });

    it("keeps the newer snapshot when an older compaction arrives late", async () => {
      const docId = uid();
      const { doc, updates } = editedDoc(4);
      const seqs = await appendAll(docId, updates);
      const full = Y.encodeStateAsUpdate(doc);
      await stores.docs.compact(docId, full, seqs[3]!);
      await stores.docs.compact(docId, Y.encodeStateAsUpdate(docFrom(updates.slice(0, 2))), seqs[1]!);

      const stored = await stores.docs.load(docId);
      expect(stored.snapshot).toStrictEqual(full);
      expect(stored.lastSeq).toBe(seqs[3]);
      expect(contents(rebuild(stored))).toEqual(contents(doc));
    });

    it("refuses to compact past the last seq handed out, changing nothing", async () => {
      const docId = uid();
      const { updates } = editedDoc(2);
      const seqs = await appendAll(docId, updates);
      await expect(stores.docs.compact(docId, new Uint8Array([0, 0]), seqs[1]! + 1)).rejects.toThrow(
        RangeError,
      );
      await expect(stores.docs.compact(uid(), new Uint8Array([0, 0]), 1)).rejects.toThrow(RangeError);
      expect(await stores.docs.load(docId)).toStrictEqual({ snapshot: null, updates, lastSeq: seqs[1] });
    });

    it("forgets a removed document entirely, and no other", async () => {
      const docId = uid();
      const kept = uid();
      const { doc, updates } = editedDoc(4);
      const seqs = await appendAll(docId, updates);
      await stores.docs.compact(docId, Y.encodeStateAsUpdate(docFrom(updates.slice(0, 2))), seqs[1]!, [
        {
          seq: seqs[0]!,
          userId: "u-anne",
          at: Date.now(),
          inserted: 2,
          deleted: 0,
          touched: [{ target: "meta", field: "title" }],
        },
      ]);
      await appendAll(kept, updates);
      await stores.docs.remove(docId);
      expect(await stores.docs.load(docId)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await stores.docs.pendingUpdates(docId)).toBe(0);
      expect(await stores.docs.attributions(docId)).toEqual([]);
      expect(await stores.docs.activity(docId)).toEqual([]);
      expect((await stores.docs.lastSeqs([docId, kept])).has(docId)).toBe(false);
      expect(contents(rebuild(await stores.docs.load(kept)))).toEqual(contents(doc));
      await stores.docs.remove(uid());
    });

    it("keeps 50 concurrent appends to one document from two connections, each with its own seq", async () => {
      const docId = uid();
      const other = await open();
      try {
        const updates = Array.from({ length: 50 }, (_, i) => new Uint8Array([i, 255 - i, i % 7]));
        const seqs = await Promise.all(
          updates.map((update, i) => (i % 2 ? other : stores).docs.append(docId, update)),
        );
        expect(new Set(seqs).size).toBe(50);
        expect(Math.max(...seqs) - Math.min(...seqs)).toBe(49);

        const stored = await stores.docs.load(docId);
        const bySeq = updates.map((update, i) => ({ update, seq: seqs[i]! })).sort((a, b) => a.seq - b.seq);
        expect(stored.updates).toStrictEqual(bySeq.map((entry) => entry.update));
        expect(stored.lastSeq).toBe(Math.max(...seqs));
      } finally {
        await other.close();
      }
    });
  });

  describe("history", () => {
    const T0 = Date.UTC(2025, 4, 12, 9, 0, 0);
    const digest = (
      seq: number,
      userId: string | null,
      at: number,
      target: string,
      field = "body",
    ): UpdateDigest => ({
      seq,
      userId,
      at,
      inserted: 3,
      deleted: 1,
      touched: [{ target, field }],
    });

    it("records who sent each update and when, without changing what loads", async () => {
      const docId = uid();
      const { updates } = editedDoc(3);
      const seqs = [
        await stores.docs.append(docId, updates[0]!, { userId: "u-anne", at: T0 }),
        await stores.docs.append(docId, updates[1]!, { userId: null, at: T0 + 1 }),
        await stores.docs.append(docId, updates[2]!),
      ];
      expect(await stores.docs.log(docId)).toStrictEqual([
        { seq: seqs[0], update: updates[0], userId: "u-anne", at: T0 },
        { seq: seqs[1], update: updates[1], userId: null, at: T0 + 1 },
        { seq: seqs[2], update: updates[2], userId: null, at: 0 },
      ]);
      expect((await stores.docs.load(docId)).updates).toStrictEqual(updates);
      await stores.docs.compact(docId, Y.encodeStateAsUpdate(docFrom(updates)), seqs[1]!);
      expect((await stores.docs.log(docId)).map((entry) => entry.seq)).toEqual([seqs[2]]);
    });

    it("folds the digests of compacted updates into field attributions and activity, once", async () => {
      const docId = uid();
      const { updates } = editedDoc(4);
      const seqs = await appendAll(docId, updates);
      const digests = [
        digest(seqs[0]!, "u-anne", T0, "c1"),
        digest(seqs[1]!, "u-bob", T0 + 60_000, "c1"),
        digest(seqs[2]!, "u-anne", T0 + 120_000, "b1", "title"),
        // Past the compaction's bound: not folded by it.
        digest(seqs[3]!, "u-anne", T0 + ACTIVITY_BUCKET_MS, "c2"),
      ];
      const state = Y.encodeStateAsUpdate(docFrom(updates.slice(0, 3)));
      await stores.docs.compact(docId, state, seqs[2]!, digests);
      // A late compaction of the same updates (another process) folds nothing twice, nor past its bound.
      await stores.docs.compact(docId, state, seqs[2]!, digests);

      const byTarget = (await stores.docs.attributions(docId)).sort((a, b) =>
        a.target.localeCompare(b.target),
      );
      expect(byTarget).toEqual([
        { target: "b1", field: "title", userId: "u-anne", at: T0 + 120_000 },
        { target: "c1", field: "body", userId: "u-bob", at: T0 + 60_000 },
      ]);
      const bucket = Math.floor(T0 / ACTIVITY_BUCKET_MS) * ACTIVITY_BUCKET_MS;
      expect(await stores.docs.activity(docId)).toEqual([
        {
          userId: "u-anne",
          bucket,
          first: T0,
          last: T0 + 120_000,
          updates: 2,
          inserted: 6,
          deleted: 2,
          targets: ["c1", "b1"],
        },
        {
          userId: "u-bob",
          bucket,
          first: T0 + 60_000,
          last: T0 + 60_000,
          updates: 1,
          inserted: 3,
          deleted: 1,
          targets: ["c1"],
        },
      ]);

      // The next compaction adds to the same bucket; an older change never hides a newer one.
      await stores.docs.compact(docId, Y.encodeStateAsUpdate(docFrom(updates)), seqs[3]!, [
        ...digests.slice(0, 3),
        digest(seqs[3]!, "u-anne", T0 + 150_000, "c1"),
      ]);
      expect((await stores.docs.attributions(docId)).find((a) => a.target === "c1")).toEqual({
        target: "c1",
        field: "body",
        userId: "u-anne",
        at: T0 + 150_000,
      });
      const anne = (await stores.docs.activity(docId)).find((b) => b.userId === "u-anne");
      expect(anne).toMatchObject({ updates: 3, last: T0 + 150_000, targets: ["c1", "b1"] });
      expect(await stores.docs.activity(docId, bucket + 1)).toEqual([]);
      expect(await stores.docs.activity(uid())).toEqual([]);
    });
  });
}

export function storesContract(open: () => Promise<Stores>): void {
  docStoreContract(open);

  let stores: Stores;
  beforeEach(async () => {
    stores = await open();
  });
  afterEach(async () => {
    await stores.close();
  });

  const newUser = (name = "Camille Martin"): Promise<User> =>
    stores.app.createUser({
      email: `${uid()}@exemple.fr`,
      name,
      passwordHash: `hash-${uid()}`,
      admin: false,
    });

  const appendAll = async (docId: string, updates: Uint8Array[]): Promise<number[]> => {
    const seqs: number[] = [];
    for (const update of updates) seqs.push(await stores.docs.append(docId, update));
    return seqs;
  };

  it("keeps documents and records when closed and opened again", async () => {
    const docId = uid();
    const { doc, updates } = editedDoc(3);
    const seqs = await appendAll(docId, updates.slice(0, 2));
    await stores.docs.compact(docId, updates[0]!, seqs[0]!);
    await stores.docs.append(docId, updates[2]!);
    const before = await stores.docs.load(docId);
    const user = await newUser();
    const referentialId = uid();
    await stores.app.createReferential({
      id: referentialId,
      title: "BTS SIO",
      rncpCode: "RNCP35340",
      ownerId: user.id,
    });

    await stores.close();
    stores = await open();

    const after = await stores.docs.load(docId);
    expect(after).toStrictEqual(before);
    expect(contents(rebuild(after))).toEqual(contents(doc));
    expect(await stores.docs.append(docId, new Uint8Array([1]))).toBe(before.lastSeq + 1);
    expect(await stores.app.userById(user.id)).toEqual(user);
    expect(await stores.app.roleOf(referentialId, user.id)).toBe("owner");
  });

  describe("AppStore", () => {
    it("creates users and finds them by case-insensitive email", async () => {
      const count = await stores.app.countUsers();
      const email = `Jeanne.${uid()}@Exemple.fr`;
      const user = await stores.app.createUser({
        email,
        name: "Jeanne Dupont",
        passwordHash: "h1",
        admin: true,
      });
      expect(user).toEqual({
        id: expect.any(String),
        email,
        name: "Jeanne Dupont",
        admin: true,
        createdAt: expect.any(String),
      });
      expect(new Date(user.createdAt).toISOString()).toBe(user.createdAt);
      expect(await stores.app.countUsers()).toBe(count + 1);

      expect(await stores.app.userByEmail(email.toUpperCase())).toEqual({
        ...user,
        passwordHash: "h1",
        disabled: false,
      });
      expect(await stores.app.userById(user.id)).toStrictEqual(user);
      expect(await stores.app.userByEmail(`absent-${uid()}@exemple.fr`)).toBeNull();
      expect(await stores.app.userById(uid())).toBeNull();
    });

    it("refuses a taken email, whatever its case, with a conflict", async () => {
      const email = `paul.${uid()}@exemple.fr`;
      await stores.app.createUser({ email, name: "Paul", passwordHash: "h", admin: false });
      const count = await stores.app.countUsers();
      await expect(
        stores.app.createUser({
          email: ` ${email.toUpperCase()}`,
          name: "Paul bis",
          passwordHash: "h",
          admin: false,
        }),
      ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/existe déjà/) });
      expect(await stores.app.countUsers()).toBe(count);
    });

    it("finds the user of a live session only, and forgets a deleted one", async () => {
      const user = await newUser();
      const live = uid();
      const expiresAt = hoursFromNow(1);
      await stores.app.createSession(live, user.id, expiresAt);
      expect(await stores.app.sessionUser(live, new Date().toISOString())).toEqual(user);
      expect(await stores.app.sessionExpiry(live)).toBe(expiresAt);
      expect(await stores.app.sessionUser(live, hoursFromNow(2))).toBeNull();

      const expired = uid();
      await stores.app.createSession(expired, user.id, hoursFromNow(-1));
      expect(await stores.app.sessionUser(expired, new Date().toISOString())).toBeNull();

      await stores.app.deleteSession(live);
      expect(await stores.app.sessionUser(live, new Date().toISOString())).toBeNull();
      expect(await stores.app.sessionExpiry(live)).toBeNull();
      expect(await stores.app.sessionUser(uid(), new Date().toISOString())).toBeNull();
      await expect(stores.app.createSession(uid(), uid(), expiresAt)).rejects.toMatchObject({
        code: "not_found",
      });
    });

    it("counts sign-in failures per key, from 1 again after the window, and forgets stale keys", async () => {
      const key = `account:${uid()}|127.0.0.1`;
      const stale = `address:${uid()}`;
      const minute = (n: number) => new Date(Date.UTC(2025, 0, 1, 10, n)).toISOString();
      expect(await stores.app.signInFailures(key)).toBeNull();
      await stores.app.recordSignInFailure(stale, minute(0), minute(-15));
      await stores.app.recordSignInFailure(key, minute(1), minute(-14));
      await stores.app.recordSignInFailure(key, minute(2), minute(-13));
      expect(await stores.app.signInFailures(key)).toEqual({ failures: 2, lastAt: minute(2) });
      // 20 minutes later: the old count is past the window, counting starts again, the stale key goes.
      await stores.app.recordSignInFailure(key, minute(22), minute(7));
      expect(await stores.app.signInFailures(key)).toEqual({ failures: 1, lastAt: minute(22) });
      expect(await stores.app.signInFailures(stale)).toBeNull();
      await stores.app.clearSignInFailures(key);
      expect(await stores.app.signInFailures(key)).toBeNull();
    });

    it("creates, updates and lists référentiels with the member's role, most recent first", async () => {
      const owner = await newUser();
      const first = await stores.app.createReferential({
        id: uid(),
        title: "Titre A",
        rncpCode: "RNCP1",
        ownerId: owner.id,
      });
      expect(first).toEqual({
        id: first.id,
        title: "Titre A",
        rncpCode: "RNCP1",
        status: "draft",
        archived: false,
        createdAt: first.createdAt,
        updatedAt: first.createdAt,
      });
      expect(await stores.app.referential(first.id)).toStrictEqual(first);
      await tick();
      const second = await stores.app.createReferential({
        id: uid(),
        title: "Titre B",
        rncpCode: "",
        ownerId: owner.id,
      });
      const ids = async (userId: string) =>
        (await stores.app.referentialsOf(userId)).map((r) => [r.id, r.role]);
      expect(await ids(owner.id)).toEqual([
        [second.id, "owner"],
        [first.id, "owner"],
      ]);

      await tick();
      const updated = await stores.app.updateReferential(first.id, { title: "Titre A2", archived: true });
      expect(updated).toMatchObject({
        title: "Titre A2",
        rncpCode: "RNCP1",
        status: "draft",
        archived: true,
      });
      expect(updated!.updatedAt > first.updatedAt).toBe(true);
      expect(updated!.createdAt).toBe(first.createdAt);
      expect(await stores.app.updateReferential(first.id, { status: "published" })).toMatchObject({
        title: "Titre A2",
        status: "published",
        archived: true,
      });
      expect(await ids(owner.id)).toEqual([
        [first.id, "owner"],
        [second.id, "owner"],
      ]);

      const reader = await newUser();
      await stores.app.setMember(second.id, reader.id, "viewer");
      expect(await stores.app.referentialsOf(reader.id)).toEqual([{ ...second, role: "viewer" }]);
      expect(await stores.app.referential(uid())).toBeNull();
      expect(await stores.app.updateReferential(uid(), { title: "x" })).toBeNull();
      await expect(
        stores.app.createReferential({ id: first.id, title: "Doublon", rncpCode: "", ownerId: owner.id }),
      ).rejects.toMatchObject({ code: "conflict" });
      await expect(
        stores.app.createReferential({ id: uid(), title: "Sans auteur", rncpCode: "", ownerId: uid() }),
      ).rejects.toMatchObject({ code: "not_found" });
    });

    it("sets, changes and removes members", async () => {
      const owner = await newUser("Odile Propriétaire");
      const viewer = await newUser("Victor Lecteur");
      const editor = await newUser("Eric Éditeur");
      const id = uid();
      await stores.app.createReferential({ id, title: "Réf", rncpCode: "", ownerId: owner.id });

      await stores.app.setMember(id, viewer.id, "viewer");
      await stores.app.setMember(id, editor.id, "editor");
      expect(await stores.app.roleOf(id, editor.id)).toBe("editor");
      await stores.app.setMember(id, editor.id, "reviewer");
      expect(await stores.app.roleOf(id, editor.id)).toBe("reviewer");
      expect(await stores.app.members(id)).toEqual([
        { userId: owner.id, email: owner.email, name: owner.name, role: "owner" },
        { userId: editor.id, email: editor.email, name: editor.name, role: "reviewer" },
        { userId: viewer.id, email: viewer.email, name: viewer.name, role: "viewer" },
      ]);

      await stores.app.removeMember(id, editor.id);
      expect(await stores.app.roleOf(id, editor.id)).toBeNull();
      expect((await stores.app.members(id)).map((m) => m.userId)).toEqual([owner.id, viewer.id]);
      expect(await stores.app.referentialsOf(editor.id)).toEqual([]);
      await expect(stores.app.setMember(id, uid(), "viewer")).rejects.toMatchObject({ code: "not_found" });
      await expect(stores.app.setMember(id, editor.id, "admin" as Role)).rejects.toThrow();
      expect(await stores.app.roleOf(id, editor.id)).toBeNull();
    });

    it("deletes a référentiel with its members, invitations, versions, publication and notifications", async () => {
      const owner = await newUser();
      const editor = await newUser();
      const id = uid();
      const other = uid();
      await stores.app.createReferential({ id, title: "À supprimer", rncpCode: "", ownerId: owner.id });
      await stores.app.createReferential({ id: other, title: "Gardé", rncpCode: "", ownerId: owner.id });
      await stores.app.setMember(id, editor.id, "editor");
      const token = uid();
      await stores.app.createInvitation({
        token,
        referentialId: id,
        email: "x@exemple.fr",
        role: "viewer",
        createdBy: owner.id,
      });
      const versionId = uid();
      await stores.app.addVersion({
        id: versionId,
        kind: "named",
        baseId: null,
        referentialId: id,
        name: "V1",
        authorId: owner.id,
        authorName: owner.name,
        createdAt: new Date().toISOString(),
        state: new Uint8Array([0, 0]),
        snapshotJson: "{}",
        sha256: "cd".repeat(32),
        reportJson: "{}",
        errors: 0,
        warnings: 0,
        validated: true,
      });
      await stores.app.setPublication(id, versionId);
      await stores.notifications.add([
        {
          id: uid(),
          userId: editor.id,
          referentialId: id,
          kind: "role",
          actorId: owner.id,
          target: { role: "editor" },
          excerpt: "",
          createdAt: new Date().toISOString(),
          mailDue: false,
        },
      ]);

      expect(await stores.app.deleteReferential(id)).toBe(true);
      expect(await stores.app.referential(id)).toBeNull();
      expect(await stores.app.roleOf(id, editor.id)).toBeNull();
      expect(await stores.app.members(id)).toEqual([]);
      expect(await stores.app.invitation(token)).toBeNull();
      expect(await stores.app.versions(id)).toEqual([]);
      expect(await stores.app.publication(id)).toBeNull();
      expect(await stores.notifications.list(editor.id, 10)).toEqual([]);
      expect((await stores.app.referentialsOf(owner.id)).map((r) => r.id)).toEqual([other]);
      expect(await stores.app.deleteReferential(id)).toBe(false);
    });

    it("uses an invitation once", async () => {
      const owner = await newUser();
      const guest = await newUser();
      const late = await newUser();
      const referentialId = uid();
      await stores.app.createReferential({
        id: referentialId,
        title: "Réf",
        rncpCode: "",
        ownerId: owner.id,
      });
      const token = uid();
      const invitation = await stores.app.createInvitation({
        token,
        referentialId,
        email: guest.email,
        role: "editor",
        createdBy: owner.id,
      });
      expect(invitation).toEqual({
        token,
        referentialId,
        email: guest.email,
        role: "editor",
        createdBy: owner.id,
        createdAt: expect.any(String),
        usedBy: null,
      });
      expect(await stores.app.invitation(token)).toStrictEqual(invitation);
      expect(await stores.app.invitationsOf(referentialId)).toStrictEqual([invitation]);

      expect(await stores.app.useInvitation(token, guest.id)).toBe(true);
      expect(await stores.app.useInvitation(token, late.id)).toBe(false);
      expect(await stores.app.invitation(token)).toEqual({ ...invitation, usedBy: guest.id });
      expect(await stores.app.useInvitation(uid(), guest.id)).toBe(false);
      expect(await stores.app.invitation(uid())).toBeNull();
    });

    it("adds versions, lists them without their blobs and returns them byte for byte", async () => {
      const author = await newUser("Anne Autrice");
      const referentialId = uid();
      await stores.app.createReferential({
        id: referentialId,
        title: "Réf",
        rncpCode: "",
        ownerId: author.id,
      });
      const { doc } = editedDoc(3);
      const version = (name: string, createdAt: string, validated: boolean): VersionRecord => ({
        id: uid(),
        kind: validated ? "snapshot" : "named",
        baseId: null,
        referentialId,
        name,
        authorId: author.id,
        authorName: author.name,
        createdAt,
        state: Y.encodeStateAsUpdate(doc),
        snapshotJson: JSON.stringify({ name, accents: "éèà" }),
        sha256: "ab".repeat(32),
        reportJson: JSON.stringify({ issues: [] }),
        errors: validated ? 0 : 2,
        warnings: 1,
        validated,
      });
      const older = version("V1", "2025-01-02T10:00:00.000Z", false);
      const newer = version("V2 validée", "2025-03-04T10:00:00.000Z", true);
      await stores.app.addVersion(older);
      await stores.app.addVersion(newer);

      const summary = ({ state, snapshotJson, reportJson, ...rest }: VersionRecord) => rest;
      expect(await stores.app.versions(referentialId)).toStrictEqual([summary(newer), summary(older)]);
      const got = await stores.app.version(referentialId, newer.id);
      expect(got).toStrictEqual(newer);
      expect(contents(docFrom([got!.state]))).toEqual(contents(doc));
      expect(await stores.app.version(uid(), newer.id)).toBeNull();
      expect(await stores.app.versions(uid())).toEqual([]);
      await expect(stores.app.addVersion(newer)).rejects.toMatchObject({ code: "conflict" });

      // One published version per référentiel: set, replaced, listed, withdrawn.
      expect(await stores.app.publication(referentialId)).toBeNull();
      await stores.app.setPublication(referentialId, older.id);
      await stores.app.setPublication(referentialId, newer.id);
      const published = await stores.app.publication(referentialId);
      expect(published).toMatchObject({ referentialId, versionId: newer.id });
      expect(Number.isNaN(Date.parse(published?.publishedAt ?? ""))).toBe(false);
      expect((await stores.app.publications()).filter((p) => p.referentialId === referentialId)).toEqual([
        published,
      ]);
      await expect(stores.app.setPublication(referentialId, "no-such-version")).rejects.toThrow();
      await stores.app.setPublication(referentialId, null);
      expect(await stores.app.publication(referentialId)).toBeNull();
      expect((await stores.app.publications()).some((p) => p.referentialId === referentialId)).toBe(false);
    });

    it("keeps light checkpoints based on another version, and deletes only checkpoints nothing is based on", async () => {
      const author = await newUser();
      const referentialId = uid();
      await stores.app.createReferential({
        id: referentialId,
        title: "Réf",
        rncpCode: "",
        ownerId: author.id,
      });
      const { doc, updates } = editedDoc(4);
      const record = (
        kind: VersionRecord["kind"],
        baseId: string | null,
        state: Uint8Array,
      ): VersionRecord => ({
        id: uid(),
        kind,
        baseId,
        referentialId,
        name: kind,
        authorId: author.id,
        authorName: author.name,
        createdAt: new Date().toISOString(),
        state,
        snapshotJson: "",
        sha256: "cd".repeat(32),
        reportJson: "",
        errors: 0,
        warnings: 0,
        validated: true,
      });
      const base = docFrom(updates.slice(0, 2));
      const full = record("checkpoint", null, Y.encodeStateAsUpdate(base));
      const light = record("checkpoint", full.id, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(base)));
      const named = record("named", null, Y.encodeStateAsUpdate(doc));
      for (const version of [full, light, named]) await stores.app.addVersion(version);

      const got = await stores.app.version(referentialId, light.id);
      expect(got).toMatchObject({ kind: "checkpoint", baseId: full.id });
      expect(contents(docFrom([full.state, got!.state]))).toEqual(contents(doc));

      expect(await stores.app.deleteCheckpoints(referentialId, [full.id, named.id])).toBe(0);
      expect(await stores.app.deleteCheckpoints(referentialId, [light.id])).toBe(1);
      expect(await stores.app.deleteCheckpoints(referentialId, [full.id, uid()])).toBe(1);
      expect((await stores.app.versions(referentialId)).map((v) => v.id)).toEqual([named.id]);
    });
  });

  describe("accounts", () => {
    it("changes a name, a password, the admin flag and the mail choice", async () => {
      const user = await newUser("Nina Nom");
      expect(await stores.app.account(user.id)).toEqual({
        ...user,
        disabled: false,
        emailNotifications: "immediate",
      });
      const changed = await stores.app.updateAccount(user.id, {
        name: "Nina Nouveau",
        passwordHash: "h2",
        admin: true,
        emailNotifications: "daily",
      });
      expect(changed).toEqual({
        ...user,
        name: "Nina Nouveau",
        admin: true,
        disabled: false,
        emailNotifications: "daily",
      });
      expect((await stores.app.userByEmail(user.email))?.passwordHash).toBe("h2");
      // Absent fields keep their value.
      expect(await stores.app.updateAccount(user.id, {})).toEqual(changed);
      expect(await stores.app.updateAccount(uid(), { name: "x" })).toBeNull();
      expect((await stores.app.accounts()).find((a) => a.id === user.id)).toEqual(changed);
      await expect(
        stores.app.updateAccount(user.id, { emailNotifications: "weekly" as never }),
      ).rejects.toThrow();
    });

    it("a disabled account has no live session and is flagged at sign-in; enabling it again works", async () => {
      const user = await newUser();
      const session = uid();
      await stores.app.createSession(session, user.id, hoursFromNow(1));
      const disabled = await stores.app.updateAccount(user.id, { disabled: true });
      expect(disabled?.disabled).toBe(true);
      expect(await stores.app.sessionUser(session, new Date().toISOString())).toBeNull();
      expect((await stores.app.userByEmail(user.email))?.disabled).toBe(true);
      expect((await stores.app.updateAccount(user.id, { disabled: false }))?.disabled).toBe(false);
      expect(await stores.app.sessionUser(session, new Date().toISOString())).toEqual(user);
    });

    it("deletes a user's other sessions and says which", async () => {
      const user = await newUser();
      const other = await newUser();
      const [a, b, c, d] = [uid(), uid(), uid(), uid()];
      for (const token of [a, b, c]) await stores.app.createSession(token, user.id, hoursFromNow(1));
      await stores.app.createSession(d, other.id, hoursFromNow(1));
      expect((await stores.app.deleteSessionsOf(user.id, a)).sort()).toEqual([b, c].sort());
      const now = new Date().toISOString();
      expect(await stores.app.sessionUser(a, now)).toEqual(user);
      expect(await stores.app.sessionUser(b, now)).toBeNull();
      expect(await stores.app.sessionUser(d, now)).toEqual(other);
      expect(await stores.app.deleteSessionsOf(user.id)).toEqual([a]);
      expect(await stores.app.sessionUser(a, now)).toBeNull();
    });

    it("keeps one unsubscribe secret per user", async () => {
      const user = await newUser();
      const token = await stores.app.unsubscribeToken(user.id);
      expect(token.length).toBeGreaterThan(20);
      expect(await stores.app.unsubscribeToken(user.id)).toBe(token);
      expect(await stores.app.unsubscribeToken((await newUser()).id)).not.toBe(token);
      expect((await stores.app.userByUnsubscribeToken(token))?.id).toBe(user.id);
      expect(await stores.app.userByUnsubscribeToken(uid())).toBeNull();
      await expect(stores.app.unsubscribeToken(uid())).rejects.toMatchObject({ code: "not_found" });
    });

    it("uses a password reset link once, and never after it expires", async () => {
      const user = await newUser();
      const admin = await newUser("Admin");
      const live = uid();
      const expired = uid();
      await stores.app.createPasswordReset({
        tokenHash: live,
        userId: user.id,
        createdBy: admin.id,
        expiresAt: hoursFromNow(1),
      });
      await stores.app.createPasswordReset({
        tokenHash: expired,
        userId: user.id,
        createdBy: null,
        expiresAt: hoursFromNow(-1),
      });
      const now = new Date().toISOString();
      expect((await stores.app.passwordResetUser(live, now))?.id).toBe(user.id);
      expect(await stores.app.passwordResetUser(expired, now)).toBeNull();
      expect(await stores.app.usePasswordReset(expired, now)).toBeNull();
      expect(await stores.app.usePasswordReset(live, hoursFromNow(2))).toBeNull();
      const [first, second] = await Promise.all([
        stores.app.usePasswordReset(live, now),
        stores.app.usePasswordReset(live, now),
      ]);
      expect([first, second].sort()).toEqual([null, user.id].sort());
      expect(await stores.app.passwordResetUser(live, now)).toBeNull();
      await expect(
        stores.app.createPasswordReset({
          tokenHash: uid(),
          userId: uid(),
          createdBy: null,
          expiresAt: hoursFromNow(1),
        }),
      ).rejects.toMatchObject({ code: "not_found" });
    });

    it("stores settings", async () => {
      const key = `signup-${uid()}`;
      expect(await stores.app.setting(key)).toBeNull();
      await stores.app.setSetting(key, "open");
      await stores.app.setSetting(key, "invitation");
      expect(await stores.app.setting(key)).toBe("invitation");
    });

    it("lists every référentiel with its owners and member count", async () => {
      const owner = await newUser("Olga Owner");
      const coOwner = await newUser("Oscar Owner");
      const editor = await newUser();
      const id = uid();
      await stores.app.createReferential({ id, title: "Vue d'ensemble", rncpCode: "", ownerId: owner.id });
      await tick(); // owners are listed by arrival
      await stores.app.setMember(id, coOwner.id, "owner");
      await stores.app.setMember(id, editor.id, "editor");
      const found = (await stores.app.referentialOverview()).find((r) => r.id === id);
      expect(found).toMatchObject({ title: "Vue d'ensemble", members: 3 });
      expect(found?.owners).toEqual([
        { userId: owner.id, name: owner.name, email: owner.email },
        { userId: coOwner.id, name: coOwner.name, email: coOwner.email },
      ]);
    });
  });

  describe("NotificationStore", () => {
    const notification = (userId: string, patch: Partial<NewNotification> = {}): NewNotification => ({
      id: uid(),
      userId,
      referentialId: null,
      kind: "mention",
      actorId: null,
      target: { thread: "t1", node: "n1" },
      excerpt: "Regardez ceci",
      createdAt: new Date().toISOString(),
      mailDue: true,
      ...patch,
    });

    it("adds, lists newest first, counts and marks read", async () => {
      const user = await newUser();
      const other = await newUser();
      const older = notification(user.id, { createdAt: "2025-01-01T08:00:00.000Z", kind: "reply" });
      const newer = notification(user.id, { createdAt: "2025-01-02T08:00:00.000Z", actorId: other.id });
      await stores.notifications.add([older, newer, notification(other.id)]);
      const list = await stores.notifications.list(user.id, 10);
      expect(list.map((n) => n.id)).toEqual([newer.id, older.id]);
      expect(list[0]).toEqual({
        id: newer.id,
        userId: user.id,
        referentialId: null,
        kind: "mention",
        actorId: other.id,
        target: { thread: "t1", node: "n1" },
        excerpt: "Regardez ceci",
        createdAt: newer.createdAt,
        readAt: null,
        mailedAt: null,
      });
      expect(await stores.notifications.list(user.id, 1)).toHaveLength(1);
      expect(await stores.notifications.unreadCount(user.id)).toBe(2);
      await stores.notifications.markRead(user.id, [older.id]);
      expect(await stores.notifications.unreadCount(user.id)).toBe(1);
      // Another user's ids are not mine to mark.
      await stores.notifications.markRead(other.id, [newer.id]);
      expect(await stores.notifications.unreadCount(user.id)).toBe(1);
      await stores.notifications.markRead(user.id);
      expect(await stores.notifications.unreadCount(user.id)).toBe(0);
      expect(await stores.notifications.unreadCount(other.id)).toBe(1);
    });

    it("claims the mails due once, oldest first, and gives them back when they could not be sent", async () => {
      const user = await newUser();
      await stores.app.updateAccount(user.id, { emailNotifications: "daily" });
      const first = notification(user.id, { createdAt: "2025-01-01T08:00:00.000Z" });
      const second = notification(user.id, { createdAt: "2025-01-01T09:00:00.000Z" });
      const later = notification(user.id, { createdAt: "2025-01-03T09:00:00.000Z" });
      const silent = notification(user.id, { createdAt: "2025-01-01T07:00:00.000Z", mailDue: false });
      await stores.notifications.add([second, later, first, silent]);
      const upTo = "2025-01-02T00:00:00.000Z";
      expect((await stores.notifications.mailsDue(upTo)).filter((d) => d.userId === user.id)).toEqual([
        { userId: user.id, frequency: "daily" },
      ]);
      const [a, b] = await Promise.all([
        stores.notifications.claimMails(user.id, upTo),
        stores.notifications.claimMails(user.id, upTo),
      ]);
      const claimed = a.length > 0 ? a : b;
      expect(a.length * b.length).toBe(0);
      expect(claimed.map((n) => n.id)).toEqual([first.id, second.id]);
      expect(claimed.every((n) => n.mailedAt !== null)).toBe(true);
      expect((await stores.notifications.mailsDue(upTo)).some((d) => d.userId === user.id)).toBe(false);
      await stores.notifications.releaseMails([first.id]);
      expect((await stores.notifications.claimMails(user.id, upTo)).map((n) => n.id)).toEqual([first.id]);
      expect((await stores.notifications.claimMails(user.id, later.createdAt)).map((n) => n.id)).toEqual([
        later.id,
      ]);
    });

    it("a disabled account has no mail due", async () => {
      const user = await newUser();
      await stores.notifications.add([notification(user.id)]);
      const upTo = new Date(Date.now() + 1000).toISOString();
      expect((await stores.notifications.mailsDue(upTo)).some((d) => d.userId === user.id)).toBe(true);
      await stores.app.updateAccount(user.id, { disabled: true });
      expect((await stores.notifications.mailsDue(upTo)).some((d) => d.userId === user.id)).toBe(false);
    });
  });
}
