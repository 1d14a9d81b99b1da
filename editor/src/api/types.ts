import type { Issue } from "@refstudio/schema";

/** Shapes of the sync server's HTTP answers (sync-server/API.md). */

export type Role = "owner" | "editor" | "reviewer" | "viewer";
export const ROLES: readonly Role[] = ["owner", "editor", "reviewer", "viewer"];

export type User = { id: string; email: string; name: string; admin: boolean };

export type ReferentialSummary = {
  id: string;
  title: string;
  rncpCode: string;
  role: Role;
  status: string;
  archived: boolean;
  updatedAt: string;
};

export type Invitation = { email: string; role: Role; referentialTitle: string };

export type Member = { userId: string; email: string; name: string; role: Role };
export type PendingInvitation = { email: string; role: Role; url: string };

export type VersionSummary = {
  id: string;
  name: string;
  author: { id: string; name: string };
  createdAt: string;
  errors: number;
  warnings: number;
  validated: boolean;
  sha256: string;
};

/** The version served by the CASE 1.1 provider, and where. */
export type CasePublication = { versionId: string; publishedAt: string; url: string };

export type ValidatedExport = { version: VersionSummary; sha256: string; snapshot: unknown };

export type { Issue };
