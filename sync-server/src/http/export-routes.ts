import {
  exportDocx,
  exportRncpXml,
  fileNameFor,
  InvalidInputError,
  type Issue,
  parseSnapshot,
  readThreads,
  type ValidationReport,
} from "@refstudio/schema/server";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";
import { casePackage } from "../referentials/case-packages.ts";
import { loadVersion, versionDoc } from "../referentials/versions.ts";
import type { VersionRecord } from "../store/types.ts";
import { CASE_PATH } from "./case-routes.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, requestOrigin, requireRole, requireUser } from "./guards.ts";

/**
 * The dossier's documents, made from a named version (never from the live document, so what is
 * downloaded is what was validated). Each file name carries the code, version name and date; the
 * version's sha256 is written into each format where it fits. A version with errors still gives
 * a Word document: a draft, marked as such on every page, its errors in an annex.
 */

type ExportParams = { Params: { id: string; versionId: string; format: string } };

type RenderContext = { version: VersionRecord; ctx: ServerContext; caseBase: string | undefined };

type Format = {
  ext: string;
  /** Added to the file name where the extension alone would not tell the format. */
  label?: string;
  type: string;
  render: (context: RenderContext) => Promise<string | Uint8Array>;
};

function options(version: VersionRecord) {
  return { versionName: version.name, date: version.createdAt, sha256: version.sha256 };
}

const referentialOf = (version: VersionRecord) => parseSnapshot(version.snapshotJson).referential;

const errorsOf = (version: VersionRecord) =>
  (JSON.parse(version.reportJson) as ValidationReport).issues.filter(
    (issue: Issue) => issue.severity === "error",
  );

const FORMATS: Record<string, Format> = {
  docx: {
    ext: "docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    render: ({ version }) =>
      exportDocx(referentialOf(version), {
        ...options(version),
        ...(version.errors > 0 ? { draft: { errors: errorsOf(version) } } : {}),
      }),
  },
  xml: {
    ext: "xml",
    type: "application/xml; charset=utf-8",
    render: async ({ version }) => exportRncpXml(referentialOf(version), options(version)),
  },
  case: {
    ext: "json",
    label: "CASE",
    type: "application/json; charset=utf-8",
    render: async ({ version, ctx, caseBase }) =>
      JSON.stringify(await casePackage(ctx.stores.app, version, caseBase), null, 2),
  },
  /** The review threads of the version, apart from the référentiel (internal discussion, author ids). */
  comments: {
    ext: "json",
    label: "commentaires",
    type: "application/json; charset=utf-8",
    render: async ({ version, ctx }) => {
      const doc = await versionDoc(ctx.stores.app, version);
      const threads = readThreads(doc);
      doc.destroy();
      return JSON.stringify({ format: "refstudio.comments", version: version.name, threads }, null, 2);
    },
  },
};

export function exportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<ExportParams>(
    "/api/referentials/:id/versions/:versionId/export/:format",
    async (request, reply) => {
      const { user } = await requireUser(ctx, request);
      const { id, versionId, format: formatName } = request.params;
      await requireRole(ctx, id, user.id, ANY_ROLE);
      const format = FORMATS[formatName];
      if (!format)
        throw new HttpError(404, "unknown_format", `Format d'export inconnu : ${formatName.slice(0, 40)}`);
      const version = await loadVersion(ctx.stores.app, id, versionId);
      if (!version) throw notFound("Version");
      // The CASE file's uris resolve only for the published version; other versions carry URNs.
      const published = (await ctx.stores.app.publication(id))?.versionId === version.id;
      const caseBase = published
        ? `${ctx.config.publicUrl ?? requestOrigin(request)}${CASE_PATH}`
        : undefined;
      let body: string | Uint8Array;
      try {
        body = await format.render({ version, ctx, caseBase });
      } catch (error) {
        if (error instanceof InvalidInputError) throw new HttpError(422, "export_refused", error.message);
        throw error;
      }
      const versionName = format.label ? `${version.name} ${format.label}` : version.name;
      const fileName = fileNameFor(referentialOf(version), {
        ...options(version),
        date: version.createdAt.slice(0, 10),
        versionName: version.errors > 0 && formatName === "docx" ? `${versionName} projet` : versionName,
        ext: format.ext,
      });
      return reply
        .type(format.type)
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("x-content-sha256", version.sha256)
        .send(typeof body === "string" ? body : Buffer.from(body));
    },
  );
}
