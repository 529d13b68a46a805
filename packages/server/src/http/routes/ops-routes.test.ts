import { describe, expect, it } from "vitest";
import { createHttpLogger } from "../http-logger.ts";
import { createTestApp, readProblem } from "../testing/create-test-app.ts";
import { TEST_KEYS } from "../testing/fake-app-services.ts";

describe("health", () => {
  it("answers /livez and /readyz without a key", async () => {
    const { call } = createTestApp();
    expect(await (await call("GET", "/livez", { key: null })).json()).toEqual({ live: true });
    const ready = await call("GET", "/readyz", { key: null });
    expect(ready.status).toBe(200);
  });

  it("answers 503 on /readyz while draining", async () => {
    const { call, fake } = createTestApp();
    fake.setReady({ ready: false, store: true, migrations: true, draining: true });
    const response = await call("GET", "/readyz", { key: null });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ draining: true });
  });
});

describe("/metrics", () => {
  it("serves Prometheus text with route templates, never lead ids", async () => {
    const { call } = createTestApp();
    await call("GET", "/v1/leads/lead_2");
    await call("POST", "/v1/batch", {
      body: { batch: [{ userId: "u", messageId: "m1" }, { messageId: "m2" }] },
    });
    const response = await call("GET", "/metrics", { key: null });
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain(
      'leadscore_http_request_duration_seconds_count{method="GET",route="/v1/leads/:id",status="200"} 1',
    );
    expect(text).toContain('leadscore_http_ingest_items_total{status="accepted"} 1');
    expect(text).toContain('leadscore_http_ingest_items_total{status="rejected"} 1');
    expect(text).toContain('leadscore_ingest_events_total{store="memory"} 1');
    expect(text).toContain("# TYPE leadscore_leads gauge");
    expect(text).not.toContain("lead_2");
    for (const line of text.split("\n").filter((l) => l !== "" && !l.startsWith("#"))) {
      expect(line).toMatch(
        /^leadscore_[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$|^leadscore_[a-z_]+(\{[^}]*\})? \+Inf$/,
      );
    }
  });
});

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 with every route, from the validating schemas", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/openapi.json", { key: null });
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>
      >;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        "GET /livez",
        "GET /readyz",
        "GET /metrics",
        "POST /v1/batch",
        "POST /v1/track",
        "POST /v1/page",
        "POST /v1/identify",
        "POST /v1/alias",
        "POST /v1/group",
        "GET /v1/leads",
        "POST /v1/leads/merge",
        "GET /v1/leads/{id}",
        "DELETE /v1/leads/{id}",
        "GET /v1/leads/{id}/explanation",
        "GET /v1/leads/{id}/events",
        "GET /v1/leads/{id}/history",
        "POST /v1/leads/{id}/stage",
        "POST /v1/leads/{id}/feedback",
        "GET /v1/models",
        "GET /v1/models/{id}",
        "GET /v1/models/{id}/versions",
        "PUT /v1/models/{id}",
        "POST /v1/models/{id}/preview",
        "GET /v1/keys",
        "POST /v1/keys",
        "DELETE /v1/keys/{id}",
        "POST /v1/session",
        "GET /v1/session",
        "DELETE /v1/session",
        "POST /v1/session/password",
        "GET /v1/users",
        "POST /v1/users",
        "PATCH /v1/users/{id}",
        "DELETE /v1/users/{id}",
        "POST /v1/users/{id}/password",
        "GET /v1/queues",
        "GET /v1/queues/{id}",
        "PUT /v1/queues/{id}",
        "DELETE /v1/queues/{id}",
        "GET /v1/queues/{id}/definition",
        "GET /v1/queues/{id}/export.csv",
        "GET /v1/queues/{id}/stream",
        "POST /v1/queues/{id}/claim",
        "POST /v1/queues/{id}/claims/{claimId}/renew",
        "DELETE /v1/queues/{id}/claims/{claimId}",
        "POST /v1/queues/{id}/outcome",
        "POST /v1/queues/{id}/audience",
        "GET /v1/leads/{id}/stream",
        "POST /v1/stream-tokens",
      ].sort(),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "Problem",
        "SegmentMessage",
        "IngestResult",
        "Lead",
        "LeadPage",
        "StageChangeRequest",
      ]),
    );
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      "publishableKey",
      "secretKey",
      "sessionCookie",
      "streamToken",
    ]);
    expect(doc.paths["/v1/queues/{id}/stream"]?.get?.responses["200"]).toMatchObject({
      content: { "text/event-stream": expect.anything() },
    });
    expect(doc.paths["/v1/batch"]?.post?.requestBody).toMatchObject({
      content: { "text/plain": expect.anything(), "application/json": expect.anything() },
    });
  });
});

describe("errors and logs", () => {
  it("answers unknown routes with a 404 problem", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/v2/nothing");
    expect(response.status).toBe(404);
    expect((await readProblem(response)).detail).toBe("No route for GET /v2/nothing.");
  });

  it("answers a failing use case with a 500 problem whose id is logged, without a stack", async () => {
    const { call, fake, logLines } = createTestApp();
    fake.services.leads.get = async () => {
      throw new Error("disk on fire at /var/secret/path");
    };
    const response = await call("GET", "/v1/leads/lead_1");
    expect(response.status).toBe(500);
    const problem = await readProblem(response);
    expect(JSON.stringify(problem)).not.toContain("disk on fire");
    const errorLine = logLines.find((line) => line.includes(problem.id));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!)).toMatchObject({ errorId: problem.id, status: 500 });
  });

  it("puts the request id on every line and redacts keys", async () => {
    const { call, logLines } = createTestApp();
    const response = await call("GET", "/v1/leads", {
      key: TEST_KEYS.admin,
      headers: { "x-request-id": "req-42" },
    });
    expect(response.headers.get("x-request-id")).toBe("req-42");
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.parse(line)).toMatchObject({ reqId: "req-42" });
    expect(logLines.join("")).not.toContain(TEST_KEYS.admin);
  });

  it("redacts emails, phones and write keys in logged objects", () => {
    const logged: string[] = [];
    const logger = createHttpLogger({
      destination: { write: (line: string) => void logged.push(line) },
    });
    logger.info(
      { email: "ada@example.com", traits: { phone: "+1 555" }, writeKey: "pk_live" },
      "x",
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toMatch(/ada@example|555|pk_live/);
    expect(JSON.parse(logged[0]!)).toMatchObject({
      email: "[redacted]",
      traits: { phone: "[redacted]" },
    });
  });
});
