import { splitMentions } from "@refstudio/schema";

/** A message's text with its mentions shown as names (`@[Name](id)` → « @Name »). */
export function MessageBody({ body }: { body: string }) {
  return (
    <p className="message__body">
      {splitMentions(body).map((part, i) =>
        "mention" in part ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity but their place
          <span key={i} className="mention">
            @{part.mention.name}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity but their place
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
