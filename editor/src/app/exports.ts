import { canonicalJson, canonicalSnapshot, sha256Hex } from "@refstudio/schema";
import { ApiError, api } from "../api/client.ts";
import type { Issue } from "../api/types.ts";
import { t } from "../i18n/i18n.ts";
import type { Workspace } from "./workspace.ts";

/** What the last validated-export attempt gave: a file with its sha256, or the blocking errors. */
export type ExportResult =
  | { status: "done"; sha256: string; verified: boolean; fileName: string; versionName: string }
  | { status: "refused"; message: string; issues: Issue[] }
  | { status: "failed"; message: string };

export function download(fileName: string, content: string | Blob, type = "application/json"): void {
  const url = URL.createObjectURL(typeof content === "string" ? new Blob([content], { type }) : content);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function baseName(workspace: Workspace): string {
  const { summary } = workspace;
  const stem = (summary.rncpCode || summary.title || "referentiel")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return `${stem || "referentiel"}-${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Asks the server for the validated snapshot (a version with zero errors) and downloads its
 * canonical JSON; the sha256 the server computed is checked against the bytes saved.
 */
export async function exportValidated(workspace: Workspace, name?: string): Promise<ExportResult> {
  try {
    const result = await api.exportValidated(workspace.summary.id, name);
    // The server sends the canonical JSON text its sha256 was computed on: save those exact bytes.
    const json = typeof result.snapshot === "string" ? result.snapshot : canonicalJson(result.snapshot);
    const fileName = `${baseName(workspace)}.validated.json`;
    download(fileName, json);
    return {
      status: "done",
      sha256: result.sha256,
      verified: sha256Hex(json) === result.sha256,
      fileName,
      versionName: result.version.name,
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) {
      return { status: "refused", message: error.message, issues: error.issues };
    }
    return { status: "failed", message: error instanceof ApiError ? error.message : t("common.unexpected") };
  }
}

/** The current state as a snapshot file (not validated: a working copy). */
export function exportWorkingCopy(workspace: Workspace): void {
  const { json } = canonicalSnapshot(workspace.doc);
  download(`${baseName(workspace)}.snapshot.json`, json);
}

/** The files a version can be downloaded as (sync-server/API.md, "Exports of a version"). */
export const VERSION_FORMATS = ["docx", "xml", "case", "json", "comments"] as const;
export type VersionFormat = (typeof VERSION_FORMATS)[number];

/** What downloading a version gave: the file, or why not (a Word export refused lists the blocking issues). */
export type DownloadResult =
  | { status: "done"; fileName: string }
  | { status: "refused"; message: string; issues: Issue[] }
  | { status: "failed"; message: string };

export type VersionDownload = { versionId: string; format: VersionFormat; result: DownloadResult };

/** The file name the server gives in `Content-Disposition`, if any. */
export function attachmentName(header: string | null): string | null {
  const match = /filename="([^"]+)"/.exec(header ?? "");
  return match?.[1] ?? null;
}

/** Downloads a version in one format, through fetch so that a refusal can be shown rather than saved. */
export async function downloadVersion(
  referentialId: string,
  versionId: string,
  format: VersionFormat,
): Promise<DownloadResult> {
  try {
    const response = await api.versionFile(referentialId, versionId, format);
    const fileName = attachmentName(response.headers.get("content-disposition")) ?? `${versionId}.${format}`;
    download(fileName, await response.blob());
    return { status: "done", fileName };
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) {
      return { status: "refused", message: error.message, issues: error.issues };
    }
    return { status: "failed", message: error instanceof ApiError ? error.message : t("common.unexpected") };
  }
}
