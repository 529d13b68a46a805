import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { WebhookRequest } from "../../ports/webhook-sender.ts";
import {
  CALLERS_QUEUE,
  callerMessages,
  publishCallers,
} from "../../use-case-tests/queue-fixture.ts";
import { T0 } from "../../use-case-tests/test-app.ts";
import { readProblem } from "../testing/create-test-app.ts";
import { makeRealHttpApp, type RealHttpApp } from "../testing/real-http-app.ts";

let h: RealHttpApp;
afterEach(async () => {
  await h.app.close();
});

async function seeded(options: Parameters<typeof makeRealHttpApp>[0] = {}): Promise<RealHttpApp> {
  h = await makeRealHttpApp(options);
  await publishCallers(h.app.services);
  await h.app.send(callerMessages({ high: 3, medium: 3 }, T0 - 3_600_000));
  return h;
}

async function leadIdOf(userId: string): Promise<string> {
  const list = await h.app.services.leads.list({ userId });
  const id = list.ok ? list.value.data[0]?.id : undefined;
  if (id === undefined) throw new Error(`no lead ${userId}`);
  return id;
}

const ROUTES: [string, string, unknown?][] = [
  ["GET", "/v1/queues"],
  ["GET", "/v1/queues/callers"],
  ["GET", "/v1/queues/callers/definition"],
  ["GET", "/v1/queues/callers/export.csv"],
  ["GET", "/v1/queues/callers/stream"],
  ["PUT", "/v1/queues/callers", { id: "callers", model: "calls" }],
  ["DELETE", "/v1/queues/callers"],
  ["POST", "/v1/queues/callers/claim", {}],
  ["POST", "/v1/queues/callers/claims/clm_1/renew"],
  ["DELETE", "/v1/queues/callers/claims/clm_1"],
  ["POST", "/v1/queues/callers/outcome", { leadId: "x", outcome: "no_answer" }],
  ["POST", "/v1/queues/callers/audience", { url: "https://example.com", secret: "whsec_x" }],
  ["POST", "/v1/stream-tokens"],
];

describe("queue routes: keys", () => {
  it.each(ROUTES)("%s %s needs a key", async (method, path, body) => {
    h = await makeRealHttpApp();
    const response = await h.call(method, path, { key: null, body });
    expect(response.status).toBe(401);
    expect((await readProblem(response)).instance).toBe(path);
  });

  it.each(ROUTES)(
    "%s %s refuses publishable keys, as Bearer and as Basic",
    async (method, path, body) => {
      h = await makeRealHttpApp();
      const pk = await h.publishableKey(["https://shop.example"]);
      const basic = `Basic ${Buffer.from(`${pk}:`).toString("base64")}`;
      for (const authorization of [`Bearer ${pk}`, basic]) {
        const response = await h.call(method, path, {
          key: null,
          body,
          headers: { authorization },
        });
        expect(response.status).toBe(403);
        expect((await readProblem(response)).detail).toContain("Publishable keys");
      }
    },
  );

  it("lets a read-only key read and watch, not define, claim or record", async () => {
    await seeded();
    const reader = await h.secretKey(["leads:read"]);
    expect((await h.call("GET", "/v1/queues/callers", { key: reader })).status).toBe(200);
    for (const [method, path, body] of ROUTES.slice(5, 12)) {
      const response = await h.call(method, path, { key: reader, body });
      expect([method, path, response.status]).toEqual([method, path, 403]);
    }
  });
});

describe("queue definitions over HTTP", () => {
  it("puts YAML and JSON, lists, reads, deletes", async () => {
    await seeded();
    const yaml = await h.call("PUT", "/v1/queues/callers", {
      raw: `${CALLERS_QUEUE}limits: { lease: 5m }\n`,
      headers: { "content-type": "application/yaml" },
    });
    expect(yaml.status).toBe(200);
    expect(await yaml.json()).toMatchObject({ id: "callers", model: "calls", revision: 2 });
    const json = await h.call("PUT", "/v1/queues/second", {
      body: { id: "second", model: "calls" },
    });
    expect(json.status).toBe(200);
    const list = (await (await h.call("GET", "/v1/queues")).json()) as {
      data: { id: string; size: number }[];
    };
    expect(list.data.map((q) => [q.id, q.size])).toEqual([
      ["callers", 6],
      ["second", 6],
    ]);
    const definition = await h.call("GET", "/v1/queues/callers/definition");
    expect(await definition.json()).toMatchObject({
      revision: 2,
      document: { limits: { lease: "5m" } },
    });
    expect((await h.call("DELETE", "/v1/queues/second")).status).toBe(200);
    for (const path of ["/v1/queues/second", "/v1/queues/second/definition"]) {
      expect((await readProblem(await h.call("GET", path))).status).toBe(404);
    }
    expect((await h.call("DELETE", "/v1/queues/second")).status).toBe(404);
  });

  it("answers problems naming the field", async () => {
    await seeded();
    const bad = await h.call("PUT", "/v1/queues/callers", {
      body: { id: "callers", model: "calls", order: ["height"], eligible: { minScore: "high" } },
    });
    expect(bad.status).toBe(422);
    expect((await readProblem(bad)).errors.map((e) => e.pointer).sort()).toEqual([
      "/eligible/minScore",
      "/order",
    ]);
    const otherId = await h.call("PUT", "/v1/queues/other", {
      body: { id: "callers", model: "calls" },
    });
    expect((await readProblem(otherId)).errors[0]?.pointer).toBe("/id");
    const yaml = await h.call("PUT", "/v1/queues/callers", {
      raw: "id: [unclosed",
      headers: { "content-type": "application/yaml" },
    });
    expect(yaml.status).toBe(400);
    const text = await h.call("PUT", "/v1/queues/callers", {
      raw: "x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });
});

describe("reading a queue over HTTP", () => {
  it("returns the ordered leads with the version, a CSV, and problems for bad queries", async () => {
    await seeded();
    const response = await h.call("GET", "/v1/queues/callers?limit=2");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & {
      data: Record<string, unknown>[];
    };
    expect(body).toMatchObject({
      queue: "callers",
      size: 6,
      has_more: true,
      version: expect.any(Number),
    });
    expect(body.data.map((e) => [e.userId, e.score, e.grade])).toEqual([
      ["h0", 60, "B"],
      ["h1", 60, "B"],
    ]);
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(
      [
        "leadId",
        "userId",
        "name",
        "email",
        "company",
        "score",
        "band",
        "stage",
        "grade",
        "lastActivityAt",
        "presentNow",
        "callbackDue",
        "reasonCode",
        "reason",
      ].sort(),
    );
    for (const path of ["/v1/queues/callers?format=csv", "/v1/queues/callers/export.csv"]) {
      const csv = await h.call("GET", path);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const lines = (await csv.text()).trim().split("\r\n");
      expect(lines[0]).toBe(
        "rank,leadId,userId,email,name,company,score,band,stage,grade,presentNow,lastActivityAt,reason",
      );
      expect(lines.length).toBe(7);
      expect(lines[1]).toMatch(/^1,ld_\d+,h0,h0@calls\.example,high 0,,60,hot,lead,B,false,/);
    }
    expect(
      (await readProblem(await h.call("GET", "/v1/queues/callers?limit=0"))).errors[0]?.pointer,
    ).toBe("/limit");
    expect(
      (await readProblem(await h.call("GET", "/v1/queues/callers?format=xml"))).errors[0]?.pointer,
    ).toBe("/format");
    expect((await h.call("GET", "/v1/queues/nope")).status).toBe(404);
    expect((await h.call("GET", "/v1/queues/nope/export.csv")).status).toBe(404);
  });
});

describe("claims and outcomes over HTTP", () => {
  it("claims, renews, releases; answers 409 when nothing is left and 404 for unknown claims", async () => {
    await seeded();
    const writer = await h.secretKey(["leads:write"]);
    const claimed = await h.call("POST", "/v1/queues/callers/claim", {
      key: writer,
      body: { agentId: "ana" },
    });
    expect(claimed.status).toBe(200);
    const claim = (await claimed.json()) as {
      claimId: string;
      agentId: string;
      lead: { userId: string };
    };
    expect(claim).toMatchObject({ agentId: "ana", lead: { userId: "h0" } });
    const noBody = await h.call("POST", "/v1/queues/callers/claim", { key: writer });
    expect(((await noBody.json()) as { agentId: string }).agentId).toMatch(/^key_/);
    const renew = await h.call("POST", `/v1/queues/callers/claims/${claim.claimId}/renew`, {
      key: writer,
    });
    expect(renew.status).toBe(200);
    const release = await h.call("DELETE", `/v1/queues/callers/claims/${claim.claimId}`, {
      key: writer,
    });
    expect(await release.json()).toEqual({ claimId: claim.claimId });
    expect((await h.call("DELETE", `/v1/queues/callers/claims/${claim.claimId}`)).status).toBe(404);
    expect((await h.call("POST", "/v1/queues/callers/claims/clm_nope/renew")).status).toBe(404);
    for (let i = 0; i < 5; i++) await h.call("POST", "/v1/queues/callers/claim", { body: {} });
    const empty = await h.call("POST", "/v1/queues/callers/claim", { body: {} });
    expect(empty.status).toBe(409);
    expect((await readProblem(empty)).detail).toContain("no lead to claim");
    expect((await h.call("POST", "/v1/queues/nope/claim", { body: {} })).status).toBe(404);
    const badBody = await h.call("POST", "/v1/queues/callers/claim", { body: { agentId: 7 } });
    expect((await readProblem(badBody)).errors[0]?.pointer).toBe("/agentId");
  });

  it("records an outcome as an event, takes ISO or epoch call-back times, and names bad fields", async () => {
    await seeded();
    const leadId = await leadIdOf("m0");
    const ok = await h.call("POST", "/v1/queues/callers/outcome", {
      body: {
        leadId,
        outcome: "call_back",
        callbackAt: new Date(T0 + 3_600_000).toISOString(),
        note: "after lunch",
      },
      headers: { "idempotency-key": "o-1" },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      leadId,
      event: "call.call_back",
      status: "accepted",
      callbackAt: T0 + 3_600_000,
    });
    const events = (await (await h.call("GET", `/v1/leads/${leadId}/events`)).json()) as {
      data: { event: string; properties: Record<string, unknown> }[];
    };
    expect(events.data[0]).toMatchObject({
      event: "call.call_back",
      properties: {
        outcome: "call_back",
        queue: "callers",
        note: "after lunch",
        callbackAt: T0 + 3_600_000,
      },
    });
    const cases: [unknown, number, string][] = [
      [{ leadId, outcome: "call_back" }, 400, "/callbackAt"],
      [{ leadId, outcome: "voicemail" }, 400, "/outcome"],
      [{ leadId, outcome: "call_back", callbackAt: T0 - 5 }, 422, "/callbackAt"],
      [{ leadId, outcome: "no_answer", callbackAt: "tomorrow" }, 400, "/callbackAt"],
      [{ outcome: "no_answer" }, 400, "/leadId"],
    ];
    for (const [body, status, pointer] of cases) {
      const response = await h.call("POST", "/v1/queues/callers/outcome", { body });
      expect([status, pointer]).toEqual([
        response.status,
        (await readProblem(response)).errors[0]?.pointer,
      ]);
    }
    const unknownLead = await h.call("POST", "/v1/queues/callers/outcome", {
      body: { leadId: "ld_nope", outcome: "no_answer" },
    });
    expect(unknownLead.status).toBe(404);
  });
});

describe("audiences to a webhook", () => {
  it("signs the current order (Standard Webhooks) and reports what the endpoint answered", async () => {
    const sent: WebhookRequest[] = [];
    await seeded({
      webhookSender: {
        send: async (request) => {
          sent.push(request);
          return { ok: true, status: 204 };
        },
      },
    });
    const secretBytes = Buffer.from("a sixteen+ byte secret");
    const secret = `whsec_${secretBytes.toString("base64")}`;
    const response = await h.call("POST", "/v1/queues/callers/audience", {
      body: { url: "https://crm.example/hooks/audience", secret, limit: 4 },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 204, leads: 4 });
    const request = sent[0];
    if (request === undefined) throw new Error("nothing sent");
    const id = request.headers["webhook-id"];
    const timestamp = request.headers["webhook-timestamp"];
    const expected = createHmac("sha256", secretBytes)
      .update(`${id}.${timestamp}.${request.body}`)
      .digest("base64");
    expect(request.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(JSON.parse(request.body)).toMatchObject({
      type: "audience.exported",
      data: { queue: "callers", count: 4, leads: [{ userId: "h0" }, {}, {}, {}] },
    });
  });

  it("answers 502 when the endpoint fails, 422 for a bad secret or URL", async () => {
    await seeded({
      webhookSender: {
        send: async (request) =>
          request.url.includes("down")
            ? { ok: false, reason: "address 10.0.0.1 is not allowed", retriable: false }
            : { ok: true, status: 500 },
      },
    });
    const secret = `whsec_${Buffer.from("a sixteen+ byte secret").toString("base64")}`;
    const down = await h.call("POST", "/v1/queues/callers/audience", {
      body: { url: "https://down.example", secret },
    });
    expect(down.status).toBe(502);
    expect((await readProblem(down)).detail).toContain("not allowed");
    const failing = await h.call("POST", "/v1/queues/callers/audience", {
      body: { url: "https://up.example", secret },
    });
    expect((await readProblem(failing)).detail).toContain("500");
    const weak = await h.call("POST", "/v1/queues/callers/audience", {
      body: { url: "https://up.example", secret: "whsec_short" },
    });
    expect((await readProblem(weak)).errors[0]?.pointer).toBe("/secret");
    const ftp = await h.call("POST", "/v1/queues/callers/audience", {
      body: { url: "ftp://up.example/x", secret },
    });
    expect((await readProblem(ftp)).errors[0]?.pointer).toBe("/url");
  });
});
