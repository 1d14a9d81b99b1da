/**
 * Mentions in comments and suggestion discussions. A mention is written into the message body as
 * `@[Name](userId)`: the id says whom to notify (the server checks it is a member), the name keeps
 * the message readable where mentions are not rendered (an e-mail, an export).
 */

const MENTION = /@\[([^[\]\n]{1,120})\]\(([A-Za-z0-9_-]{1,64})\)/g;

export type Mention = { id: string; name: string };
export type MessagePart = { text: string } | { mention: Mention };

/** The markup of a mention (the name cleaned of the characters the markup uses). */
export function mentionMarkup(person: Mention): string {
  const name =
    person.name
      .replace(/[[\]\n\r]/g, " ")
      .trim()
      .slice(0, 120) || "?";
  return `@[${name}](${person.id})`;
}

/** The ids mentioned in a message, each once, in order of appearance. */
export function mentionedIds(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(MENTION), (m) => m[2] as string))];
}

/** The message with each mention as `@Name` (for e-mails and excerpts). */
export function mentionsAsText(body: string): string {
  return body.replace(MENTION, (_, name: string) => `@${name}`);
}

/** The message cut into text and mentions, to render mentions as such. */
export function splitMentions(body: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ text: body.slice(last, start) });
    parts.push({ mention: { name: match[1] as string, id: match[2] as string } });
    last = start + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}
