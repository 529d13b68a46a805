import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect } from "vitest";
import type { AppServices } from "../../use-cases/app-services.ts";
import { createHttpApp, type HttpAppOptions } from "../create-http-app.ts";
import { createHttpLogger } from "../http-logger.ts";
import { createFakeAppServices, TEST_KEYS } from "./fake-app-services.ts";

export const FIXED_NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

/**
 * `in-process` calls Hono's `app.request`; `node` sends real requests to a node:http server on port 0
 * running `nodeListener` (which puts the batch fast path in front of the app).
 */
export type TestTransport = "in-process" | "node";

const servers: Server[] = [];
afterEach(async () => {
  const open = servers.splice(0);
  await Promise.all(open.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The HTTP app over the fake services, with a captured log and a controllable clock. */
export function createTestApp(
  options: Partial<Omit<HttpAppOptions, "logger">> & {
    services?: AppServices;
    transport?: TestTransport;
  } = {},
) {
  const fake = createFakeAppServices();
  const logLines: string[] = [];
  const logger = createHttpLogger({
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const clock = { nowMs: FIXED_NOW_MS };
  const { services, transport = "in-process", ...rest } = options;
  const http = createHttpApp(services ?? fake.services, {
    logger,
    now: () => clock.nowMs,
    ...rest,
  });
  let origin: Promise<string> | null = null;
  const nodeOrigin = () => {
    origin ??= new Promise((resolve) => {
      const server = createServer(http.nodeListener);
      servers.push(server);
      server.listen(0, "127.0.0.1", () => {
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });
    return origin;
  };

  async function call(
    method: string,
    path: string,
    init: {
      body?: unknown;
      raw?: string;
      key?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? TEST_KEYS.admin : init.key;
    if (key !== null) headers.authorization ??= `Bearer ${key}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const request = { method, headers, ...(body === undefined ? {} : { body }) };
    if (transport === "in-process") return http.app.request(path, request);
    return fetch(`${await nodeOrigin()}${path}`, request);
  }

  return { http, fake, logLines, clock, call };
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  id: string;
  errors: { pointer: string; detail: string }[];
}

/** Asserts the RFC 9457 shape and returns the parsed body. */
export async function readProblem(response: Response): Promise<ProblemBody> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as ProblemBody;
  expect(body).toMatchObject({ status: response.status, instance: expect.any(String) });
  expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  return body;
}
