import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import type { User } from "../api/types.ts";

/** The signed-in user, loaded once from `GET /api/session`; `null` when signed out. */
type SessionState =
  | { status: "loading" }
  | { status: "signedOut"; error?: string }
  | { status: "signedIn"; user: User };

type SessionValue = {
  state: SessionState;
  signedIn: (user: User) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);
const USER_KEY = "refstudio.user";

function rememberUser(user: User | null): void {
  try {
    if (user) localStorage.setItem(USER_KEY, JSON.stringify(user));
    else localStorage.removeItem(USER_KEY);
  } catch {
    // storage disabled: no offline start
  }
}

function rememberedUser(): User | null {
  try {
    const text = localStorage.getItem(USER_KEY);
    return text ? (JSON.parse(text) as User) : null;
  } catch {
    return null;
  }
}

/** `user` skips the server round-trip (the dev sandbox and tests start signed in). */
export function SessionProvider({ children, user }: { children: ReactNode; user?: User }) {
  const [state, setState] = useState<SessionState>(
    user ? { status: "signedIn", user } : { status: "loading" },
  );

  useEffect(() => {
    if (user) return;
    let live = true;
    api
      .session()
      .then(({ user }) => {
        rememberUser(user);
        if (live) setState({ status: "signedIn", user });
      })
      .catch((error: unknown) => {
        if (!live) return;
        // Offline: the last signed-in user works on what this device kept until the server is back.
        const offline = error instanceof ApiError && error.status === 0 ? rememberedUser() : null;
        if (offline) return setState({ status: "signedIn", user: offline });
        if (error instanceof ApiError && error.status === 401) rememberUser(null);
        const unreachable = error instanceof ApiError && error.status !== 401;
        setState({ status: "signedOut", error: unreachable ? error.message : undefined });
      });
    return () => {
      live = false;
    };
  }, [user]);

  const signedIn = useCallback((user: User) => {
    rememberUser(user);
    setState({ status: "signedIn", user });
  }, []);
  const signOut = useCallback(async () => {
    await api.signOut().catch(() => undefined);
    rememberUser(null);
    setState({ status: "signedOut" });
  }, []);

  return <SessionContext value={{ state, signedIn, signOut }}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user; only for screens rendered behind the sign-in gate. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== "signedIn") throw new Error("useUser while signed out");
  return state.user;
}
