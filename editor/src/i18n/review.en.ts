import type { reviewFr } from "./review.fr.ts";

/** Suggested edits, mentions and notifications (English). */
export const reviewEn: Record<keyof typeof reviewFr, string> = {
  "suggest.selection": "Suggest",
  "suggest.mode": "Editing mode",
  "suggest.modeEdit": "Edit",
  "suggest.modeSuggest": "Suggest",
  "suggest.modeHint": "In « Suggest » mode, what you type becomes a proposal that editors accept or reject.",
  "suggest.reviewerNote":
    "You are reviewing: type in a text to propose a change (it shows as a suggestion), or select a passage to comment on it.",
  "suggest.newTitle": "Propose a change in {code}",
  "suggest.original": "Current text",
  "suggest.proposed": "Proposed text",
  "suggest.proposedHint": "Edit the text; empty it to propose deleting the passage.",
  "suggest.note": "Comment (optional)",
  "suggest.submit": "Propose",
  "suggest.unchanged": "The proposed text is the same as the current text.",
  "suggest.replace": "Replace",
  "suggest.insert": "Insert",
  "suggest.delete": "Delete",
  "suggest.proposedBy": "Proposed by {name}",
  "suggest.threadOn": "Suggestion on {name}",
  "suggest.accept": "Accept",
  "suggest.reject": "Reject",
  "suggest.withdraw": "Withdraw",
  "suggest.edit": "Edit the proposal",
  "suggest.accepted": "Accepted",
  "suggest.rejected": "Rejected",
  "suggest.decidedBy": "{status} by {name}",
  "suggest.outdated": "Outdated",
  "suggest.outdatedNote":
    "The text changed since this suggestion: it can no longer be applied as is. Reject it or apply it by hand.",
  "suggest.acceptedToast": "Suggestion accepted: the text is changed.",
  "suggest.rejectedToast": "Suggestion rejected.",
  "suggest.filterSuggestions": "Suggestions",
  "suggest.none": "No open suggestion.",
  "suggest.shortcuts":
    "Shortcuts: Alt+Shift+N next suggestion, Alt+Shift+P previous, Alt+Shift+A accept, Alt+Shift+R reject.",
  "suggest.typingRefused":
    "A suggestion stays within one paragraph: to split or join paragraphs, leave a comment.",
  "suggest.titleChanges": "Suggestions on the title",
  "suggest.inserted": "Insertion proposed by {name}",
  "suggest.deleted": "Deletion proposed by {name}",

  "mention.list": "Mention a member",
  "mention.none": "No member matches.",

  "notify.bell": "Notifications",
  "notify.unread": "unread",
  "notify.empty": "No notifications yet.",
  "notify.markAll": "Mark all as read",
  "notify.mention": "{actor} mentioned you in “{title}”",
  "notify.reply": "{actor} replied in a discussion of “{title}”",
  "notify.suggestion": "{actor} proposes a change to an item you wrote in “{title}”",
  "notify.decision.accepted": "{actor} accepted your suggestion in “{title}”",
  "notify.decision.rejected": "{actor} rejected your suggestion in “{title}”",
  "notify.role": "{actor} changed your role in “{title}”: {role}",
  "notify.invitation": "{actor} invites you to join “{title}” as {role}",
  "notify.someone": "Someone",

  "members.mailed": "Invitation emailed to {email}. The link can still be copied below.",
  "members.noMail": "This server sends no email: pass this link to {email} yourself.",
};
