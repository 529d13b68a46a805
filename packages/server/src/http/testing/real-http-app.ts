import type { WebhookSender } from "../../ports/webhook-sender.ts";
import { makeTestApp, type TestApp } from "../../use-case-tests/test-app.ts";
import type { Scope } from "../../use-cases/app-services.ts";
import { createHttpApp, type HttpApp } from "../create-http-app.ts";
import { createHttpLogger } from "../http-logger.ts";

export interface RealHttpApp {
  readonly app: TestApp;
  readonly http: HttpApp;
  readonly adminKey: string;
  call(
    method: string,
    path: string,
    init?: { body?: unknown; raw?: string; key?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  secretKey(scopes: Scope[]): Promise<string>;
  publishableKey(origins: string[]): Promise<string>;
}

/** The HTTP app over the real services on an in-memory store, with the test clock. */
export async function makeRealHttpApp(
  options: { sseHeartbeatMs?: number; webhookSender?: WebhookSender } = {},
): Promise<RealHttpApp> {
  const app = await makeTestApp(":memory:", false, options.webhookSender);
  const adminKey = app.adminKey;
  if (adminKey === null) throw new Error("a fresh store makes an admin key");
  const http = createHttpApp(app.services, {
    logger: createHttpLogger({ level: "silent" }),
    now: () => app.clock.now,
    ...(options.sseHeartbeatMs === undefined ? {} : { sseHeartbeatMs: options.sseHeartbeatMs }),
  });
  const created = async (input: Parameters<TestApp["services"]["keys"]["create"]>[0]) => {
    const key = await app.services.keys.create(input);
    if (!key.ok) throw new Error(key.error.detail);
    return key.value.secret;
  };
  return {
    app,
    http,
    adminKey,
    call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const key = init.key === undefined ? adminKey : init.key;
      if (key !== null) headers.authorization ??= `Bearer ${key}`;
      let body = init.raw;
      if (init.body !== undefined) body = JSON.stringify(init.body);
      if (body !== undefined) headers["content-type"] ??= "application/json";
      return Promise.resolve(
        http.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }),
      );
    },
    secretKey: (scopes) => created({ kind: "secret", name: scopes.join(" "), scopes }),
    publishableKey: (origins) =>
      created({ kind: "publishable", name: "site", allowedOrigins: origins }),
  };
}
