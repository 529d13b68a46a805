import type { ReactNode } from "react";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ApiClient } from "../src/api/api-client.ts";
import { createApiClient } from "../src/api/api-client.ts";
import type { ApiError } from "../src/api/api-error.ts";
import type { SessionInfo, SessionUser } from "../src/api/api-types.ts";

export type SessionState =
  | { readonly status: "checking" }
  | { readonly status: "signed-out"; readonly error?: ApiError }
  | {
      readonly status: "signed-in";
      readonly user: SessionUser;
      readonly scopes: SessionInfo["scopes"];
      readonly expiresAt: SessionInfo["expiresAt"];
    };

function signedIn(info: SessionInfo): SessionState {
  return { status: "signed-in", user: info.user, scopes: info.scopes, expiresAt: info.expiresAt };
}

interface Session {
  readonly api: ApiClient;
  readonly session: SessionState;
  readonly signIn: (email: string, password: string) => Promise<ApiError | null>;
  readonly signOut: () => Promise<void>;
  /** After the server renewed the session (a password change). */
  readonly renewed: (info: SessionInfo) => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children, api }: { children: ReactNode; api?: ApiClient }) {
  const [session, setSession] = useState<SessionState>({ status: "checking" });
  const client = useMemo(
    () =>
      api ??
      createApiClient({
        onUnauthorized: () =>
          setSession((current) =>
            current.status === "signed-in"
              ? {
                  status: "signed-out",
                  error: { kind: "unauthorized", status: 401, title: "", fieldErrors: [] },
                }
              : current,
          ),
      }),
    [api],
  );

  useEffect(() => {
    let live = true;
    void client.getSession().then((result) => {
      if (!live) return;
      setSession(
        result.ok
          ? signedIn(result.value)
          : result.error.kind === "unauthorized"
            ? { status: "signed-out" }
            : { status: "signed-out", error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [client]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await client.signIn(email, password);
      if (!result.ok) return result.error;
      setSession(signedIn(result.value));
      return null;
    },
    [client],
  );

  const signOut = useCallback(async () => {
    await client.signOut();
    setSession({ status: "signed-out" });
  }, [client]);

  const renewed = useCallback((info: SessionInfo) => setSession(signedIn(info)), []);
  const value = useMemo(
    () => ({ api: client, session, signIn, signOut, renewed }),
    [client, session, signIn, signOut, renewed],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession needs a SessionProvider above it");
  return session;
}

export function useApi(): ApiClient {
  return useSession().api;
}
