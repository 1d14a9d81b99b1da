import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { Member } from "../api/types.ts";

/** The référentiel's members (names for authors, people to mention); empty until the server answers. */
export function useMembers(referentialId: string): Member[] {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    let live = true;
    api
      .members(referentialId)
      .then((answer) => live && setMembers(answer.members))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [referentialId]);
  return members;
}
