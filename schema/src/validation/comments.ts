import { CommentThread } from "../model.ts";
import type { Facts } from "./facts.ts";
import { codeOf, excerpt, nameOf } from "./names.ts";
import type { Finding, Message, Names, RuleTable } from "./rule.ts";
import { checkShape } from "./shape.ts";

/** Comment threads: well formed, and a reminder for each one still open. */

export const COMMENT_RULES = {
  "comments.open": {
    severity: "warning",
    summary: {
      fr: "Aucun fil de commentaires ne reste ouvert.",
      en: "No comment thread remains open.",
    },
  },
} as const satisfies RuleTable<"comments.open">;

const MESSAGES = {
  open: (names: Names, anchor: string, first: string): Message => {
    const on = names.code(anchor) ? nameOf(names, anchor) : codeOf(names, anchor);
    const quote = excerpt(first, 60);
    return {
      fr: `Un fil de commentaires reste ouvert sur ${on.fr}${quote ? ` : « ${quote} »` : ""}.`,
      en: `A comment thread is still open on ${on.en}${quote ? `: "${quote}"` : ""}.`,
    };
  },
  thread: (names: Names, anchor: string | null): Message => {
    if (anchor === null) return { fr: "un fil de commentaires", en: "a comment thread" };
    const on = codeOf(names, anchor);
    return { fr: `un fil de commentaires (sur ${on.fr})`, en: `a comment thread (on ${on.en})` };
  },
};

/** structure.invalid and comments.open of one thread, read defensively from its projection. */
export function checkThread(facts: Facts, id: string): Finding[] {
  const raw = facts.threads.get(id) as
    | { anchor?: { node?: unknown; field?: unknown }; status?: unknown; messages?: unknown }
    | undefined;
  if (raw === undefined) return [];
  const anchor = typeof raw?.anchor?.node === "string" ? raw.anchor.node : null;
  const findings = checkShape(CommentThread, raw, {
    nodeId: anchor,
    keyPrefix: `thread:${id}`,
    fieldPrefix: null,
    who: (names) => MESSAGES.thread(names, anchor),
  }).findings;
  if (raw?.status === "open" && anchor !== null) {
    const first = Array.isArray(raw.messages)
      ? (raw.messages[0] as { body?: unknown } | undefined)?.body
      : undefined;
    const text = typeof first === "string" ? first : "";
    const finding: Finding = {
      rule: "comments.open",
      nodeId: anchor,
      detail: id,
      message: (names) => MESSAGES.open(names, anchor, text),
    };
    if (raw.anchor?.field === "title" || raw.anchor?.field === "body") finding.field = raw.anchor.field;
    findings.push(finding);
  }
  return findings;
}
