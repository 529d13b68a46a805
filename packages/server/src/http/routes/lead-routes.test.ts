import { describe, expect, it } from "vitest";
import { createTestApp, readProblem } from "../testing/create-test-app.ts";
import { TEST_KEYS } from "../testing/fake-app-services.ts";

describe("secret-key routes: authentication and scopes", () => {
  const basicPk = `Basic ${Buffer.from(`${TEST_KEYS.publishable}:`).toString("base64")}`;

  it.each([
    ["no key", {}, 401],
    ["an unknown key", { authorization: "Bearer sk_unknown" }, 401],
    ["a malformed header", { authorization: "Token abc" }, 401],
    ["a publishable key as Bearer", { authorization: `Bearer ${TEST_KEYS.publishable}` }, 403],
    ["a publishable key as Basic", { authorization: basicPk }, 403],
  ])("answers %s with problem+json", async (_name, headers, status) => {
    const { call } = createTestApp();
    const response = await call("GET", "/v1/leads", { key: null, headers });
    expect(response.status).toBe(status);
    const problem = await readProblem(response);
    expect(problem.instance).toBe("/v1/leads");
  });

  it("asks for Bearer credentials on 401", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/v1/leads", { key: null });
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it.each([
    ["POST", "/v1/leads/lead_1/stage", { model: "main", action: "accept", reason: "call" }],
    ["POST", "/v1/leads/lead_1/feedback", { verdict: "good_fit" }],
    ["POST", "/v1/leads/merge", { into: "lead_1", from: "lead_2" }],
    ["DELETE", "/v1/leads/lead_1", undefined],
  ])("refuses %s %s to a read-only key and calls nothing", async (method, path, body) => {
    const { call, fake } = createTestApp();
    const response = await call(method, path, { key: TEST_KEYS.reader, body });
    expect(response.status).toBe(403);
    await readProblem(response);
    expect(fake.calls).toEqual([]);
  });

  it("erase needs privacy:erase, which leads:write does not grant", async () => {
    const { call, fake } = createTestApp();
    const response = await call("DELETE", "/v1/leads/lead_1", { key: TEST_KEYS.writer });
    expect(response.status).toBe(403);
    expect(fake.leads.has("lead_1")).toBe(true);
  });
});

describe("GET /v1/leads", () => {
  it("pages with limit, has_more and starting_after", async () => {
    const { call } = createTestApp();
    const first = await call("GET", "/v1/leads?limit=2", { key: TEST_KEYS.reader });
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as {
      data: { id: string }[];
      has_more: boolean;
      next_cursor: string;
    };
    expect(page1.data.map((l) => l.id)).toEqual(["lead_1", "lead_2"]);
    expect(page1).toMatchObject({ has_more: true, next_cursor: "lead_2" });
    const second = await call("GET", `/v1/leads?limit=2&starting_after=${page1.next_cursor}`);
    expect(await second.json()).toMatchObject({
      data: [
        { id: "lead_3", models: { main: { score: 72, band: "hot", stage: "mql", grade: "A" } } },
      ],
      has_more: false,
      next_cursor: null,
    });
  });

  it("passes filters to the use case", async () => {
    const { call, fake } = createTestApp();
    await call(
      "GET",
      "/v1/leads?model=main&band=hot&stage=mql&grade=A&q=ada&sort=-activity&email=p2@example.com",
    );
    expect(fake.calls[0]?.input).toEqual({
      model: "main",
      band: "hot",
      stage: "mql",
      grade: "A",
      q: "ada",
      sort: "-activity",
      email: "p2@example.com",
    });
  });

  it("finds a lead by userId", async () => {
    const { call } = createTestApp();
    const body = (await (await call("GET", "/v1/leads?userId=u3")).json()) as {
      data: { id: string }[];
    };
    expect(body.data.map((l) => l.id)).toEqual(["lead_3"]);
  });

  it.each([
    ["limit=101", "/limit"],
    ["limit=0", "/limit"],
    ["limit=ten", "/limit"],
    ["stage=unknown", "/stage"],
    ["grade=E", "/grade"],
    ["sort=name", "/sort"],
  ])("rejects %s with the parameter's pointer", async (query, pointer) => {
    const { call, fake } = createTestApp();
    const response = await call("GET", `/v1/leads?${query}`);
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors.map((e) => e.pointer)).toEqual([pointer]);
    expect(fake.calls).toEqual([]);
  });

  it("answers 422 naming the parameter for an unknown model", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/v1/leads?model=nope");
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors).toEqual([
      { pointer: "/model", detail: 'unknown model "nope"' },
    ]);
  });
});

describe("lead detail routes", () => {
  it("returns a lead with models.<id>.{score, band, stage, grade}", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/v1/leads/lead_2", { key: TEST_KEYS.reader });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: "lead_2",
      anonymousIds: ["anon-1"],
      models: {
        main: { score: 72, band: "hot", stage: "mql", grade: "A", scoredAt: 1_700_000_100_000 },
      },
    });
  });

  it.each([
    "/v1/leads/nope",
    "/v1/leads/nope/explanation?model=main",
    "/v1/leads/nope/events",
    "/v1/leads/nope/history?model=main",
  ])("answers 404 problem+json for %s", async (path) => {
    const { call } = createTestApp();
    const response = await call("GET", path);
    expect(response.status).toBe(404);
    expect((await readProblem(response)).type).toBe("https://leadscore.dev/problems/not-found");
  });

  it.each(["/v1/leads/lead_1/explanation?model=nope", "/v1/leads/lead_1/history?model=nope"])(
    "answers 422 naming the model for %s",
    async (path) => {
      const { call } = createTestApp();
      const response = await call("GET", path);
      expect(response.status).toBe(422);
      expect((await readProblem(response)).errors[0]?.pointer).toBe("/model");
    },
  );

  it("returns the explanation ledger", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/v1/leads/lead_1/explanation?model=main");
    expect(await response.json()).toEqual({
      modelId: "main",
      score: 72,
      rawScore: 72.4,
      ledger: [],
    });
  });

  it("requires the model parameter for explanation and history", async () => {
    const { call } = createTestApp();
    for (const path of ["/v1/leads/lead_1/explanation", "/v1/leads/lead_1/history"]) {
      const response = await call("GET", path);
      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors[0]?.pointer).toBe("/model");
    }
  });

  it("returns score history points", async () => {
    const { call } = createTestApp();
    const response = await call("GET", "/v1/leads/lead_1/history?model=main");
    expect(await response.json()).toEqual([
      { at: 1, score: 5, band: "cold", messageId: "m1", eventType: "page.viewed" },
    ]);
  });

  it("pages events and maps starting_after", async () => {
    const { call, fake } = createTestApp();
    const response = await call("GET", "/v1/leads/lead_1/events?limit=5&starting_after=c1");
    expect(await response.json()).toEqual({ data: [], has_more: false, next_cursor: null });
    expect(fake.calls[0]?.input).toEqual({ limit: 5, startingAfter: "c1" });
  });
});

describe("lead writes", () => {
  it("changes a stage with reason and the caller's key", async () => {
    const { call, fake } = createTestApp();
    const response = await call("POST", "/v1/leads/lead_1/stage", {
      key: TEST_KEYS.writer,
      body: { model: "main", action: "set", stage: "sql", reason: "booked a call" },
    });
    expect(response.status).toBe(200);
    expect(fake.calls[0]?.input).toMatchObject({
      leadId: "lead_1",
      model: "main",
      action: "set",
      stage: "sql",
      reason: "booked a call",
      auth: { keyId: "key_writer" },
    });
  });

  it.each([
    [{ model: "main", action: "set", reason: "x" }, "/stage"],
    [{ model: "main", action: "promote", reason: "x" }, "/action"],
    [{ model: "main", action: "accept" }, "/reason"],
    [{ model: 7, action: "accept", reason: "x" }, "/model"],
  ])("rejects an invalid stage change %j", async (body, pointer) => {
    const { call, fake } = createTestApp();
    const response = await call("POST", "/v1/leads/lead_1/stage", { body });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors.map((e) => e.pointer)).toContain(pointer);
    expect(fake.calls).toEqual([]);
  });

  it("records feedback with 201", async () => {
    const { call } = createTestApp();
    const response = await call("POST", "/v1/leads/lead_1/feedback", {
      body: { verdict: "bad_fit", note: "student" },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      leadId: "lead_1",
      verdict: "bad_fit",
      note: "student",
      model: null,
    });
  });

  it("rejects feedback with an unknown verdict", async () => {
    const { call, fake } = createTestApp();
    const response = await call("POST", "/v1/leads/lead_1/feedback", { body: { verdict: "meh" } });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors[0]?.pointer).toBe("/verdict");
    expect(fake.calls).toEqual([]);
  });

  it("answers 404 for feedback on an unknown lead", async () => {
    const { call } = createTestApp();
    const response = await call("POST", "/v1/leads/nope/feedback", {
      body: { verdict: "good_fit" },
    });
    expect(response.status).toBe(404);
  });

  it("merges two leads, refusing a self-merge and unknown leads", async () => {
    const { call } = createTestApp();
    const ok = await call("POST", "/v1/leads/merge", { body: { into: "lead_1", from: "lead_2" } });
    expect(ok.status).toBe(200);
    const self = await call("POST", "/v1/leads/merge", {
      body: { into: "lead_1", from: "lead_1" },
    });
    expect(self.status).toBe(400);
    expect((await readProblem(self)).errors[0]?.pointer).toBe("/from");
    const unknown = await call("POST", "/v1/leads/merge", {
      body: { into: "lead_1", from: "nope" },
    });
    expect(unknown.status).toBe(404);
  });

  it("erases a lead, then answers 404 for it", async () => {
    const { call } = createTestApp();
    const erased = await call("DELETE", "/v1/leads/lead_1");
    expect(await erased.json()).toEqual({ leadId: "lead_1", eventsDeleted: 4 });
    expect((await call("GET", "/v1/leads/lead_1")).status).toBe(404);
    expect((await call("DELETE", "/v1/leads/lead_1")).status).toBe(404);
  });
});

describe("Idempotency-Key", () => {
  const feedback = (note: string, key = "retry-1") => ({
    headers: { "idempotency-key": key },
    body: { verdict: "good_fit", note },
  });

  it("replays the first response for a retry and calls the use case once", async () => {
    const { call, fake } = createTestApp();
    const first = await call("POST", "/v1/leads/lead_1/feedback", feedback("a"));
    const retry = await call("POST", "/v1/leads/lead_1/feedback", feedback("a"));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    expect(fake.calls.filter((c) => c.method === "leads.addFeedback")).toHaveLength(1);
  });

  it("refuses the same key with a different body", async () => {
    const { call, fake } = createTestApp();
    await call("POST", "/v1/leads/lead_1/feedback", feedback("a"));
    const reused = await call("POST", "/v1/leads/lead_1/feedback", feedback("b"));
    expect(reused.status).toBe(422);
    await readProblem(reused);
    expect(fake.calls).toHaveLength(1);
  });

  it("forgets a key after its time to live", async () => {
    const { call, fake, clock } = createTestApp({ idempotencyTtlMs: 1000 });
    await call("POST", "/v1/leads/lead_1/feedback", feedback("a"));
    clock.nowMs += 1001;
    await call("POST", "/v1/leads/lead_1/feedback", feedback("a"));
    expect(fake.calls).toHaveLength(2);
  });

  it("rejects an over-long key", async () => {
    const { call, fake } = createTestApp();
    const response = await call(
      "POST",
      "/v1/leads/lead_1/feedback",
      feedback("a", "k".repeat(256)),
    );
    expect(response.status).toBe(400);
    await readProblem(response);
    expect(fake.calls).toEqual([]);
  });
});
