import { type App, createApp } from "../../composition-root.ts";
import type { Role } from "../../use-cases/app-services.ts";
import { createTestApp, FIXED_NOW_MS } from "./create-test-app.ts";

/** Cheap enough for tests; production uses DEFAULT_SCRYPT_COST. */
export const TEST_PASSWORD_COST = { N: 1024, r: 8, p: 1 } as const;
export const TEST_PASSWORD = "correct horse battery";

type CallInit = NonNullable<Parameters<ReturnType<typeof createTestApp>["call"]>[2]>;

/** The HTTP app over real services on the memory store, with users per role and a shared clock. */
export async function createAuthTestApp(
  options: {
    throttle?: { maxFailuresPerAccount?: number; maxFailuresPerIp?: number };
    trustProxy?: boolean;
  } = {},
) {
  const clock = { nowMs: FIXED_NOW_MS };
  const app: App = await createApp({
    dbPath: ":memory:",
    now: () => clock.nowMs,
    auth: {
      passwordCost: TEST_PASSWORD_COST,
      ...(options.throttle === undefined ? {} : { throttle: options.throttle }),
    },
  });
  const test = createTestApp({
    services: app.services,
    now: () => clock.nowMs,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  const adminKey = app.adminKey ?? "";

  async function addUser(email: string, role: Role): Promise<string> {
    const created = await app.services.users.create({ email, role, password: TEST_PASSWORD });
    if (!created.ok) throw new Error(created.error.detail);
    return created.value.user.id;
  }

  /** Signs in and returns the `name=value` pair to send back as a Cookie header. */
  async function signIn(email: string, password = TEST_PASSWORD): Promise<string> {
    const response = await test.call("POST", "/v1/session", {
      key: null,
      body: { email, password },
      headers: { "x-leadscore-csrf": "1" },
    });
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
    return cookieOf(response);
  }

  /** A call with the session cookie (and the CSRF header unless `csrf: false`). */
  function asUser(
    cookie: string,
    method: string,
    path: string,
    init: Omit<CallInit, "key"> & { csrf?: boolean } = {},
  ): Promise<Response> {
    const { csrf, headers, ...rest } = init;
    return test.call(method, path, {
      ...rest,
      key: null,
      headers: { cookie, ...(csrf === false ? {} : { "x-leadscore-csrf": "1" }), ...headers },
    });
  }

  return { ...test, app, clock, adminKey, addUser, signIn, asUser };
}

/** The `name=value` of the response's session cookie. */
export function cookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  return header.split(";")[0] ?? "";
}
