import type { CFPackage } from "@refstudio/schema/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { CasePackages, caseDocumentId } from "../referentials/case-packages.ts";
import { loadVersion } from "../referentials/versions.ts";
import type { Publication } from "../store/types.ts";
import { parseBody } from "./body.ts";
import { HttpError, notFound } from "./errors.ts";
import { ANY_ROLE, OWNERS, requestOrigin, requireRole, requireUser } from "./guards.ts";
import type { IdParams } from "./referential-routes.ts";

/**
 * The CASE 1.1 REST provider (1EdTech CASE Service, read endpoints) over the published version
 * of each référentiel, and how an owner chooses that version. The provider is public and
 * read-only, like any CASE server: only published versions are listed or served.
 */

export const CASE_PATH = "/ims/case/v1p1";

const Publish = z.strictObject({ versionId: z.string().min(1).max(64).nullable() });

type RecordParams = { Params: { id: string } };

/** A CASE error payload (imsx_StatusInfo), as CASE consumers expect it. */
function caseNotFound(reply: FastifyReply, what: string, id: string) {
  return reply.status(404).send({
    imsx_codeMajor: "failure",
    imsx_severity: "error",
    imsx_description: `${what} ${id.slice(0, 64)} introuvable parmi les référentiels publiés`,
    imsx_codeMinor: {
      imsx_codeMinorField: [
        { imsx_codeMinorFieldName: "sourcedId", imsx_codeMinorFieldValue: "unknownobject" },
      ],
    },
  });
}

export function caseRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { stores } = ctx;
  const packages = new CasePackages(stores.app);
  const baseOf = (request: FastifyRequest) => `${ctx.config.publicUrl ?? requestOrigin(request)}${CASE_PATH}`;

  /** The packages of every published version, with the base their `uri`s use. */
  async function published(request: FastifyRequest): Promise<CFPackage[]> {
    const list = await stores.app.publications();
    const built = await Promise.all(
      list.map(async (p) => {
        const version = await loadVersion(stores.app, p.referentialId, p.versionId);
        return version ? packages.get(version, baseOf(request)) : null;
      }),
    );
    return built.filter((pkg): pkg is CFPackage => pkg !== null);
  }
  /** The package holding the record `id` (found by `find`), or null. */
  async function holding<T>(request: FastifyRequest, find: (pkg: CFPackage) => T | undefined) {
    for (const pkg of await published(request)) {
      const found = find(pkg);
      if (found) return { pkg, found };
    }
    return null;
  }
  const documentLink = (pkg: CFPackage) => ({
    title: pkg.CFDocument.title,
    identifier: pkg.CFDocument.identifier,
    uri: pkg.CFDocument.uri,
  });
  const withPackageUri = (pkg: CFPackage, request: FastifyRequest) => ({
    ...pkg.CFDocument,
    CFPackageURI: {
      title: pkg.CFDocument.title,
      identifier: pkg.CFDocument.identifier,
      uri: `${baseOf(request)}/CFPackages/${pkg.CFDocument.identifier}`,
    },
  });

  app.register(async (provider) => {
    // Public, read-only data that CASE consumers fetch from other origins.
    provider.addHook("onSend", async (_request, reply) => {
      reply.header("access-control-allow-origin", "*");
    });

    provider.get(`${CASE_PATH}/CFDocuments`, async (request) => ({
      CFDocuments: (await published(request)).map((pkg) => withPackageUri(pkg, request)),
    }));
    provider.get<RecordParams>(`${CASE_PATH}/CFDocuments/:id`, async (request, reply) => {
      const hit = await holding(
        request,
        (pkg) => pkg.CFDocument.identifier === request.params.id || undefined,
      );
      return hit ? withPackageUri(hit.pkg, request) : caseNotFound(reply, "CFDocument", request.params.id);
    });
    provider.get<RecordParams>(`${CASE_PATH}/CFPackages/:id`, async (request, reply) => {
      const hit = await holding(
        request,
        (pkg) => pkg.CFDocument.identifier === request.params.id || undefined,
      );
      return hit ? hit.pkg : caseNotFound(reply, "CFPackage", request.params.id);
    });
    /** The single records: where each collection lives in a package, and whether it links its document. */
    const records: [string, (pkg: CFPackage, id: string) => object | undefined, boolean][] = [
      ["CFItems", (pkg, id) => pkg.CFItems.find((i) => i.identifier === id), true],
      ["CFAssociations", (pkg, id) => pkg.CFAssociations.find((a) => a.identifier === id), true],
      ["CFRubrics", (pkg, id) => pkg.CFRubrics.find((r) => r.identifier === id), false],
      ["CFItemTypes", (pkg, id) => pkg.CFDefinitions.CFItemTypes.find((t) => t.identifier === id), false],
    ];
    for (const [collection, find, linked] of records) {
      provider.get<RecordParams>(`${CASE_PATH}/${collection}/:id`, async (request, reply) => {
        const hit = await holding(request, (pkg) => find(pkg, request.params.id));
        if (!hit) return caseNotFound(reply, collection.slice(0, -1), request.params.id);
        return linked ? { ...hit.found, CFDocumentURI: documentLink(hit.pkg) } : hit.found;
      });
    }
  });

  const view = (publication: Publication | null, request: FastifyRequest) =>
    publication && {
      versionId: publication.versionId,
      publishedAt: publication.publishedAt,
      url: `${baseOf(request)}/CFPackages/${caseDocumentId(publication.referentialId)}`,
    };

  app.get<IdParams>("/api/referentials/:id/case-publication", async (request) => {
    const { user } = await requireUser(ctx, request);
    await requireRole(ctx, request.params.id, user.id, ANY_ROLE);
    return { publication: view(await stores.app.publication(request.params.id), request) };
  });

  /** An owner publishes one version (replacing the published one) or withdraws it with null. */
  app.put<IdParams>("/api/referentials/:id/case-publication", async (request) => {
    const { user } = await requireUser(ctx, request);
    const { id } = request.params;
    await requireRole(ctx, id, user.id, OWNERS);
    const { versionId } = parseBody(Publish, request.body);
    if (versionId !== null && !(await stores.app.version(id, versionId))) throw notFound("Version");
    if (versionId !== null && (await stores.app.referential(id))?.archived)
      throw new HttpError(409, "archived", "Un référentiel archivé ne peut pas être publié");
    await stores.app.setPublication(id, versionId);
    return { publication: view(await stores.app.publication(id), request) };
  });
}
