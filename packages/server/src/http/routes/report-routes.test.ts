import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../demo/seed-demo.ts";
import { createAuthTestApp } from "../testing/create-auth-test-app.ts";
import { FIXED_NOW_MS, readProblem } from "../testing/create-test-app.ts";
import { TEST_KEYS } from "../testing/fake-app-services.ts";

// Backtests, the funnel and model versions over the real services (memory store, demo history).

const DAY_MS = 86_400_000;
const examples = join(import.meta.dirname, "../../../../../examples/models");
const modelText = (name: string) => readFileSync(join(examples, `${name}.yaml`), "utf8");
const CUTOFF = FIXED_NOW_MS - 45 * DAY_MS;

let t: Awaited<ReturnType<typeof createAuthTestApp>>;
let marketer: string;
let agent: string;
let saasDocument: Record<string, unknown>;

beforeAll(async () => {
  t = await createAuthTestApp();
  await seedDemo(t.app.services, {
    modelTexts: [modelText("saas-main"), modelText("car-dealer")],
    now: FIXED_NOW_MS,
    leads: 400,
    seed: 11,
  });
  await t.addUser("mia@example.com", "marketer");
  await t.addUser("alex@example.com", "agent");
  marketer = await t.signIn("mia@example.com");
  agent = await t.signIn("alex@example.com");
  const model = await t.app.services.models.get("saas-main");
  if (!model.ok) throw new Error("saas-main is not published");
  saasDocument = model.value.document as Record<string, unknown>;
});

afterAll(async () => {
  await t?.app.close();
});

const backtest = (body: unknown, key: string | null = t.adminKey) =>
  t.call("POST", "/v1/backtests", { key, body });

/** saas-main with MQL from 31 points instead of 41. */
function lowerMql(document: Record<string, unknown>): Record<string, unknown> {
  return {
    ...document,
    stages: [
      { stage: "mql", when: { score: { gte: 31 } } },
      { stage: "sql", when: { event: "demo.requested" } },
    ],
  };
}

describe("POST /v1/backtests", () => {
  it("backtests the published model as of a cutoff", async () => {
    const response = await backtest({
      models: [{ id: "saas-main" }],
      cutoff: CUTOFF,
      horizon: "30d",
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      cutoff: CUTOFF,
      horizonMs: 30 * DAY_MS,
      outcomeEvents: ["deal.won"],
      changes: null,
    });
    const [report] = body.models;
    expect(report).toMatchObject({ modelId: "saas-main", name: "SaaS — main product", version: 1 });
    expect(report.evaluation.rows).toBeGreaterThan(50);
    expect(report.evaluation.positives).toBeGreaterThan(0);
    expect(report.evaluation.auc).toBeGreaterThan(0.5);
    expect(report.evaluation.deciles).toHaveLength(10);
    expect(report.evaluation.bands.map((band: { name: string }) => band.name)).toEqual([
      "cold",
      "warm",
      "hot",
    ]);
    expect(report.mqlsPerMonth.length).toBeGreaterThan(0);
    expect(report.feedback).toMatchObject({ marks: 0, agreement: null });
  });

  it("compares the published model with a draft and lists the leads that change, converted first", async () => {
    const response = await backtest({
      models: [{ id: "saas-main", version: 1 }, { document: lowerMql(saasDocument) }],
      cutoff: CUTOFF,
      horizon: "30d",
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    const [base, draft] = body.models;
    expect(draft).toMatchObject({ modelId: "saas-main", version: null });
    expect(draft.evaluation.rows).toBe(base.evaluation.rows);
    expect(draft.missedWins).toBeLessThanOrEqual(base.missedWins);
    expect(body.changes.total).toBeGreaterThan(0);
    expect(body.changes.sample.length).toBe(Math.min(50, body.changes.total));
    const converted = body.changes.sample.map((change: { converted: boolean }) => change.converted);
    expect(converted).toEqual([...converted].sort((a, b) => Number(b) - Number(a)));
    expect(body.changes.sample[0]).toMatchObject({
      leadId: expect.any(String),
      from: { stage: "lead" },
      to: { stage: "mql" },
    });
  });

  it("shows sales feedback against the score each model gave when the mark was made", async () => {
    const leads = await t.app.services.leads.list({ model: "saas-main", limit: 4 });
    if (!leads.ok) throw new Error("no leads");
    const [top, second, , fourth] = leads.value.data;
    for (const [lead, verdict] of [
      [top, "good_fit"],
      [second, "good_fit"],
      [fourth, "bad_fit"],
    ] as const) {
      const added = await t.app.services.leads.addFeedback({
        leadId: lead!.id,
        model: "saas-main",
        verdict,
      });
      expect(added.ok).toBe(true);
    }
    await t.app.services.leads.addFeedback({
      leadId: top!.id,
      model: "car-dealer",
      verdict: "bad_fit",
    });
    const response = await backtest({
      models: [{ id: "saas-main" }, { id: "car-dealer" }],
      cutoff: CUTOFF,
      horizon: "30d",
    });
    const body = await response.json();
    expect(body.models[0].feedback).toMatchObject({ marks: 3, good: 2, bad: 1 });
    expect(body.models[1].feedback).toMatchObject({ marks: 1, good: 0, bad: 1 });
  });

  it("names every problem of a draft by its pointer into the request", async () => {
    const draft = {
      ...saasDocument,
      engagement: [
        {
          id: "pricing",
          when: { event: "page.viewed" },
          points: 10,
          limit: { times: 0, per: "30d" },
        },
      ],
      bands: [
        { name: "cold", from: 0 },
        { name: "hot", from: "forty" },
      ],
    };
    const response = await backtest({
      models: [{ id: "saas-main" }, { document: draft }],
      cutoff: CUTOFF,
      horizon: "30d",
    });
    expect(response.status).toBe(422);
    const problem = await readProblem(response);
    expect(problem.errors.map((error) => error.pointer).sort()).toEqual([
      "/models/1/document/bands/1/from",
      "/models/1/document/engagement/0/limit/times",
    ]);
    expect(problem.errors.find((e) => e.pointer.endsWith("/times"))?.detail).toBe(
      "times must be greater than 0",
    );
  });

  it.each([
    [{ models: [{ id: "nope" }], cutoff: CUTOFF, horizon: "30d" }, 422, "/models/0/id"],
    [
      { models: [{ id: "saas-main", version: 7 }], cutoff: CUTOFF, horizon: "30d" },
      422,
      "/models/0/version",
    ],
    [
      { models: [{ id: "saas-main" }], cutoff: FIXED_NOW_MS + DAY_MS, horizon: "30d" },
      422,
      "/cutoff",
    ],
    [{ models: [{ id: "saas-main" }], cutoff: CUTOFF, horizon: "30 days" }, 400, "/horizon"],
    [{ models: [], cutoff: CUTOFF, horizon: "30d" }, 400, "/models"],
    [
      { models: [{ id: "a" }, { id: "b" }, { id: "c" }], cutoff: CUTOFF, horizon: "30d" },
      400,
      "/models",
    ],
    [{ models: [{ id: "saas-main" }], horizon: "30d" }, 400, "/cutoff"],
    [{ models: [{ id: "saas-main", extra: 1 }], cutoff: CUTOFF, horizon: "30d" }, 400, "/models/0"],
  ])("answers problem+json naming the field for %j", async (body, status, pointer) => {
    const response = await backtest(body);
    expect(response.status).toBe(status);
    const problem = await readProblem(response);
    expect(problem.errors.map((error) => error.pointer)).toContain(pointer);
  });

  it("lets marketers and admins run it, not agents or keys without reports:read", async () => {
    const body = { models: [{ id: "saas-main" }], cutoff: CUTOFF, horizon: "30d" };
    expect((await t.asUser(marketer, "POST", "/v1/backtests", { body })).status).toBe(200);
    const refused = await t.asUser(agent, "POST", "/v1/backtests", { body });
    expect(refused.status).toBe(403);
    await readProblem(refused);
    expect((await backtest(body, TEST_KEYS.reader)).status).toBe(401);
    expect((await t.asUser(marketer, "POST", "/v1/backtests", { body, csrf: false })).status).toBe(
      403,
    );
  });

  it("sees a lead added before the cutoff on the next run (the cached result is for the old data)", async () => {
    const body = { models: [{ id: "saas-main" }], cutoff: CUTOFF, horizon: "30d" };
    const before = (await (await backtest(body)).json()).models[0].evaluation.rows;
    await t.app.services.ingest.ingest({
      messages: [
        {
          type: "identify",
          userId: "late-arrival",
          traits: { email: "late@example.com" },
          timestamp: new Date(CUTOFF - DAY_MS).toISOString(),
        },
      ],
      receivedAt: FIXED_NOW_MS,
    });
    const after = (await (await backtest(body)).json()).models[0].evaluation.rows;
    expect(after).toBe(before + 1);
  });
});

describe("GET /v1/funnel", () => {
  const funnel = (query: string, key: string | null = t.adminKey) =>
    t.call("GET", `/v1/funnel?${query}`, { key });
  const last90 = `from=${FIXED_NOW_MS - 90 * DAY_MS}&to=${FIXED_NOW_MS + 1}`;

  it("counts leads per stage, conversion between stages and time in each stage", async () => {
    const response = await funnel(`model=saas-main&${last90}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ modelId: "saas-main", version: 1, outcomeEvents: ["deal.won"] });
    expect(body.steps.map((step: { stage: string }) => step.stage)).toEqual([
      "lead",
      "mql",
      "sql",
      "opportunity",
      "customer",
    ]);
    const [lead, mql, sql] = body.steps;
    expect(lead.reached).toBe(body.cohort);
    expect(body.cohort).toBeGreaterThan(100);
    expect(mql.reached).toBeGreaterThan(0);
    expect(mql.reached).toBeLessThanOrEqual(lead.reached);
    expect(sql.reached).toBeLessThanOrEqual(mql.reached);
    expect(mql.conversionFromPrevious).toBeCloseTo(mql.reached / lead.reached);
    expect(mql.medianTimeInStageMs).toBeGreaterThan(0);
    expect(body.won).toBeGreaterThan(0);
    const current = body.steps.reduce(
      (sum: number, step: { current: number }) => sum + step.current,
      0,
    );
    expect(current + body.disqualified).toBe(body.cohort);
  });

  it("narrows to a shorter period and follows new events", async () => {
    const all = await (await funnel(`model=saas-main&${last90}`)).json();
    const recent = await (
      await funnel(`model=saas-main&from=${FIXED_NOW_MS - 30 * DAY_MS}&to=${FIXED_NOW_MS + 1}`)
    ).json();
    expect(recent.cohort).toBeLessThan(all.cohort);
    await t.app.services.ingest.ingest({
      messages: [
        {
          type: "identify",
          userId: "fresh-face",
          traits: { email: "fresh@example.com" },
          timestamp: new Date(FIXED_NOW_MS - DAY_MS).toISOString(),
        },
      ],
      receivedAt: FIXED_NOW_MS,
    });
    const again = await (
      await funnel(`model=saas-main&from=${FIXED_NOW_MS - 30 * DAY_MS}&to=${FIXED_NOW_MS + 1}`)
    ).json();
    expect(again.cohort).toBe(recent.cohort + 1);
  });

  it("takes other outcome events", async () => {
    const body = await (await funnel(`model=saas-main&${last90}&outcome=nothing.like.this`)).json();
    expect(body.won).toBe(0);
    expect(body.outcomeEvents).toEqual(["nothing.like.this"]);
  });

  it.each([
    [`model=nope&${last90}`, 422, "/model"],
    [`model=saas-main&from=${FIXED_NOW_MS}&to=${FIXED_NOW_MS}`, 422, "/from"],
    [`model=saas-main&from=${FIXED_NOW_MS}`, 400, "/to"],
    [`model=saas-main&from=yesterday&to=${FIXED_NOW_MS}`, 400, "/from"],
    [last90, 400, "/model"],
  ])("answers problem+json naming the field for %s", async (query, status, pointer) => {
    const response = await funnel(query);
    expect(response.status).toBe(status);
    expect((await readProblem(response)).errors.map((error) => error.pointer)).toContain(pointer);
  });

  it("is for marketers and admins", async () => {
    expect((await t.asUser(marketer, "GET", `/v1/funnel?model=saas-main&${last90}`)).status).toBe(
      200,
    );
    expect((await t.asUser(agent, "GET", `/v1/funnel?model=saas-main&${last90}`)).status).toBe(403);
  });
});

describe("GET /v1/models/{id}/versions/{version}", () => {
  it("returns a version's document, and each error path", async () => {
    const put = await t.app.services.models.put({
      id: "saas-main",
      source: { document: lowerMql(saasDocument) },
      retroactive: false,
    });
    expect(put.ok).toBe(true);
    const first = await (
      await t.call("GET", "/v1/models/saas-main/versions/1", { key: t.adminKey })
    ).json();
    expect(first).toMatchObject({ id: "saas-main", version: 1, document: saasDocument });
    const second = await (
      await t.call("GET", "/v1/models/saas-main/versions/2", { key: t.adminKey })
    ).json();
    expect(second.document.stages[0].when.score.gte).toBe(31);
    const missing = await t.call("GET", "/v1/models/saas-main/versions/9", { key: t.adminKey });
    expect(missing.status).toBe(404);
    await readProblem(missing);
    const bad = await t.call("GET", "/v1/models/saas-main/versions/first", {
      key: t.adminKey,
    });
    expect(bad.status).toBe(400);
    expect((await readProblem(bad)).errors[0]?.pointer).toBe("/version");
    expect((await t.call("GET", "/v1/models/saas-main/versions/1", { key: null })).status).toBe(
      401,
    );
  });
});
