import { useMemo } from "react";
import { useWorkspace } from "../app/workspace.ts";
import { usePeers } from "./useCollabState.ts";
import { useMembers } from "./useMembers.ts";

/**
 * Names of the people behind user ids (comment authors): the members list, the people present
 * and myself. A member list the server does not give is not an error: ids fall back to presence.
 */
export function usePeople(): (userId: string) => string {
  const { collab, summary, user } = useWorkspace();
  const peers = usePeers(collab);
  const members = useMembers(summary.id);
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const member of members) names.set(member.userId, member.name);
    for (const peer of peers) names.set(peer.user.id, peer.user.name);
    names.set(user.id, user.name);
    return (userId: string) => names.get(userId) ?? userId;
  }, [members, peers, user]);
}
