import type { Comparison, Issue, NodeRef } from "@refstudio/schema";

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

export type VersionKind = "named" | "snapshot" | "checkpoint" | "restore";

export type VersionSummary = {
  id: string;
  kind: VersionKind;
  name: string;
  author: { id: string; name: string };
  createdAt: string;
  errors: number;
  warnings: number;
  validated: boolean;
  sha256: string;
  /** An earlier version with the same content (same sha256), if any. */
  sameContentAs: { id: string; name: string } | null;
};

/** A version with its content: the canonical snapshot JSON (as text) and its validation report. */
export type VersionDetail = VersionSummary & { snapshot: string; report: unknown };
/** The version served by the CASE 1.1 provider, and where. */
export type CasePublication = { versionId: string; publishedAt: string; url: string };

export type ValidatedExport = { version: VersionSummary; sha256: string; snapshot: unknown };

export type { Issue };

/** History (API.md § History). */
export type Person = { id: string | null; name: string };
export type Change = { by: Person; at: string };
export type Attribution = { targets: Record<string, Change & { fields: Record<string, Change> }> };

export type ActivitySession = {
  by: Person;
  start: string;
  end: string;
  updates: number;
  inserted: number;
  deleted: number;
  blocs: { bloc: NodeRef | null; items: NodeRef[] }[];
  fiche: boolean;
  comments: boolean;
  deletedItems: number;
};

export type ComparedSide = {
  id: string;
  name: string;
  createdAt: string | null;
  sha256: string;
  current: boolean;
};
export type Compared = { from: ComparedSide; to: ComparedSide; sameContent: boolean; comparison: Comparison };
/** `restore` (what undoing takes) and `before` are null when the document already had that content. */
export type Restored = {
  restored: VersionSummary;
  before: VersionSummary | null;
  restore: VersionSummary | null;
};
/** What the server offers (`GET /api/server`). */
export type ServerInfo = { mail: boolean; signup: "open" | "invitation"; passwordMinLength: number };

export type EmailFrequency = "immediate" | "daily" | "never";

export type Account = User & { disabled: boolean; emailNotifications: EmailFrequency; createdAt: string };

export type NotificationKind = "mention" | "reply" | "suggestion" | "decision" | "role" | "invitation";

export type AppNotification = {
  id: string;
  kind: NotificationKind;
  referentialId: string | null;
  referentialTitle: string;
  actor: { id: string; name: string } | null;
  target: {
    thread?: string;
    suggestion?: string;
    node?: string;
    role?: string;
    decision?: "accepted" | "rejected";
  };
  excerpt: string;
  createdAt: string;
  read: boolean;
  /** The place it is about, as a path of the editor (`/#/r/…`). */
  href: string;
};

export type ReferentialOverview = ReferentialSummary & {
  owners: { userId: string; name: string; email: string }[];
  members: number;
};
