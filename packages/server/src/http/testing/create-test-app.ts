import { expect } from "vitest";
import type { AppServices } from "../../use-cases/app-services.ts";
import { createHttpApp, type HttpAppOptions } from "../create-http-app.ts";
import { createHttpLogger } from "../http-logger.ts";
import { createFakeAppServices, TEST_KEYS } from "./fake-app-services.ts";

export const FIXED_NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The HTTP app over the fake services, with a captured log and a controllable clock. */
export function createTestApp(
  options: Partial<Omit<HttpAppOptions, "logger">> & { services?: AppServices } = {},
) {
  const fake = createFakeAppServices();
  const logLines: string[] = [];
  const logger = createHttpLogger({
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const clock = { nowMs: FIXED_NOW_MS };
  const { services, ...rest } = options;
  const http = createHttpApp(services ?? fake.services, {
    logger,
    now: () => clock.nowMs,
    ...rest,
  });

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
    return http.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
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
