import { fileNameFor, newId, parseSnapshot, validateDoc } from "@refstudio/schema/server";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { loadVersion, makeVersion, versionList, versionSummary } from "../referentials/versions.ts";
import type { VersionRecord } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, OWNERS, requireRole, requireUser, requireWritable, WRITERS } from "./guards.ts";
import type { IdParams } from "./referential-routes.ts";

/** Named versions and the validated snapshot export (refused with 422 while errors remain). */

const Name = z.string().trim().min(1).max(200);
const NewVersion = z.strictObject({ name: Name });
const NewSnapshot = z.strictObject({ name: Name.optional() });

/** The JSON file is named like the other exports: code, version name, date. */
function snapshotFileName(version: VersionRecord): string {
  return fileNameFor(parseSnapshot(version.snapshotJson).referential, {
    versionName: version.name,
    date: version.createdAt.slice(0, 10),
    ext: "json",
  });
}

type VersionParams = { Params: { id: string; versionId: string } };

export function versionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores, rooms } = ctx;

  app.get<IdParams>("/api/referentials/:id/versions", async (request) => {
    const { user } = await requireUser(ctx, request);
    await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    const versions = await stores.app.versions(request.params.id);
    return { versions: versionList(versions) };
  });

  app.post<IdParams>("/api/referentials/:id/versions", async (request, reply) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    const { record } = await requireRole(ctx, id, user.id, WRITERS);
    requireWritable(record);
    const { name } = parseBody(NewVersion, request.body);
    // Validated in full like the snapshot, so the same content gets the same "validated" flag.
    const version = await rooms.with(id, (room) =>
      room.caughtUp((doc) =>
        makeVersion({
          id: newId(),
          referentialId: id,
          name,
          kind: "named",
          author: user,
          doc,
          report: validateDoc(doc),
        }),
      ),
    );
    await stores.app.addVersion(version);
    return reply.status(201).send(versionSummary(version));
  });

  app.get<VersionParams>("/api/referentials/:id/versions/:versionId", async (request) => {
    const { user } = await requireUser(ctx, request);
    await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    const version = await loadVersion(stores.app, request.params.id, request.params.versionId);
    if (!version) throw notFound("Version");
    return {
      ...versionSummary(version),
      snapshot: version.snapshotJson,
      report: JSON.parse(version.reportJson),
    };
  });

  /** The canonical JSON as a file: its bytes are what the sha256 was computed on. */
  app.get<VersionParams>(
    "/api/referentials/:id/versions/:versionId/snapshot.json",
    async (request, reply) => {
      const { user } = await requireUser(ctx, request);
      await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
      const version = await loadVersion(stores.app, request.params.id, request.params.versionId);
      if (!version) throw notFound("Version");
      return reply
        .type("application/json; charset=utf-8")
        .header("content-disposition", `attachment; filename="${snapshotFileName(version)}"`)
        .header("x-content-sha256", version.sha256)
        .send(version.snapshotJson);
    },
  );

  app.post<IdParams>("/api/referentials/:id/snapshots", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    const { record } = await requireRole(ctx, id, user.id, OWNERS);
    requireWritable(record);
    const body = parseBody(NewSnapshot, request.body);
    const version = await rooms.with(id, (room) =>
      room.caughtUp((doc) => {
        // The export gate re-validates the whole document rather than trusting the incremental report.
        const report = validateDoc(doc);
        if (report.errors > 0) {
          throw new HttpError(
            422,
            "validation_failed",
            `Export refusé : ${report.errors} erreur${report.errors > 1 ? "s" : ""} à corriger`,
            { issues: report.issues.filter((issue) => issue.severity === "error") },
          );
        }
        return makeVersion({
          id: newId(),
          referentialId: id,
          name: body.name ?? `Instantané validé du ${new Date().toLocaleDateString("fr-FR")}`,
          kind: "snapshot",
          author: user,
          doc,
          report,
        });
      }),
    );
    await stores.app.addVersion(version);
    return { version: versionSummary(version), sha256: version.sha256, snapshot: version.snapshotJson };
  });
}
