import { canonicalSnapshot, type ValidationReport } from "@refstudio/schema";
import * as Y from "yjs";
import type { User, VersionRecord, VersionSummary } from "../store/types.ts";

/**
 * A named version: an immutable record of the document at one moment (Yjs state with the review
 * threads, canonical JSON of the référentiel and its sha256, validation report, author, time). A validated snapshot is one with zero
 * errors, made by the export.
 */
export function makeVersion(input: {
  id: string;
  referentialId: string;
  name: string;
  author: User;
  doc: Y.Doc;
  report: ValidationReport;
  validated: boolean;
}): VersionRecord {
  // The référentiel only: review threads stay in the version's Yjs state (and their own export).
  const { json, sha256 } = canonicalSnapshot(input.doc, { comments: false });
  return {
    id: input.id,
    referentialId: input.referentialId,
    name: input.name,
    authorId: input.author.id,
    authorName: input.author.name,
    createdAt: new Date().toISOString(),
    state: Y.encodeStateAsUpdate(input.doc),
    snapshotJson: json,
    sha256,
    reportJson: JSON.stringify(input.report),
    errors: input.report.errors,
    warnings: input.report.warnings,
    validated: input.validated,
  };
}

/** A version as the API lists it. */
export function versionSummary(version: VersionSummary) {
  return {
    id: version.id,
    name: version.name,
    author: { id: version.authorId, name: version.authorName },
    createdAt: version.createdAt,
    errors: version.errors,
    warnings: version.warnings,
    validated: version.validated,
    sha256: version.sha256,
  };
}
