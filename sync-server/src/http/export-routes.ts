import {
  exportCase,
  exportDocx,
  exportRncpXml,
  fileNameFor,
  type Issue,
  parseSnapshot,
  type ValidationReport,
} from "@refstudio/schema/server";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.ts";
import type { VersionRecord } from "../store/types.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, requireRole, requireUser } from "./guards.ts";

/**
 * The dossier's documents, made from a named version (never from the live document, so what is
 * downloaded is what was validated). Each file name carries the code, version name and date; the
 * version's sha256 is written into each format where it fits.
 */

type ExportParams = { Params: { id: string; versionId: string; format: string } };

type Format = {
  ext: string;
  /** Added to the file name where the extension alone would not tell the format. */
  label?: string;
  type: string;
  /** The Word document is the dossier's référentiel: refused while the version has errors. */
  requiresNoErrors: boolean;
  render: (version: VersionRecord) => Promise<string | Uint8Array>;
};

function options(version: VersionRecord) {
  return { versionName: version.name, date: version.createdAt.slice(0, 10), sha256: version.sha256 };
}

const referentialOf = (version: VersionRecord) => parseSnapshot(version.snapshotJson).referential;

const FORMATS: Record<string, Format> = {
  docx: {
    ext: "docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    requiresNoErrors: true,
    render: (version) => exportDocx(referentialOf(version), options(version)),
  },
  xml: {
    ext: "xml",
    type: "application/xml; charset=utf-8",
    requiresNoErrors: false,
    render: async (version) => exportRncpXml(referentialOf(version), options(version)),
  },
  case: {
    ext: "json",
    label: "CASE",
    type: "application/json; charset=utf-8",
    requiresNoErrors: false,
    render: async (version) =>
      JSON.stringify(
        exportCase(referentialOf(version), { ...options(version), documentId: version.referentialId }),
        null,
        2,
      ),
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
      const version = await ctx.stores.app.version(id, versionId);
      if (!version) throw notFound("Version");
      if (format.requiresNoErrors && version.errors > 0) {
        const report = JSON.parse(version.reportJson) as ValidationReport;
        throw new HttpError(
          422,
          "validation_failed",
          `Le document Word n'est produit que pour une version sans erreur : cette version en compte ${version.errors} (${version.errors > 1 ? "erreurs" : "erreur"} à corriger)`,
          { issues: report.issues.filter((issue: Issue) => issue.severity === "error") },
        );
      }
      const body = await format.render(version);
      const versionName = format.label ? `${version.name} ${format.label}` : version.name;
      const fileName = fileNameFor(referentialOf(version), {
        ...options(version),
        versionName,
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
