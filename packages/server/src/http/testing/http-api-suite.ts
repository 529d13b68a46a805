// The HTTP API end to end over a real store; create-http-app(.integration).test.ts run it per store.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type App, type CreateAppOptions, createApp } from "../../composition-root.ts";
import { createHttpApp } from "../create-http-app.ts";
import { createHttpLogger } from "../http-logger.ts";

const modelYaml = readFileSync(
  new URL("../../../../../examples/models/saas-main.yaml", import.meta.url),
  "utf8",
);
const ORIGIN = "https://shop.example";

interface LeadJson {
  id: string;
  anonymousIds: string[];
  models: Record<string, { score: number; band: string; stage: string; grade: string }>;
}

/** A fresh, empty store for one test, and how to clean up after it. */
export interface StoreForTest {
  readonly options: Pick<CreateAppOptions, "dbPath" | "databaseUrl">;
  dispose(): Promise<void>;
}

export function runHttpApiSuite(kind: string, freshStore: () => Promise<StoreForTest>): void {
  describe(`the HTTP API on the ${kind} store`, () => {
    let app: App | null = null;
    let store: StoreForTest | null = null;

    afterEach(async () => {
      await app?.close();
      await store?.dispose();
    });

    async function start() {
      store = await freshStore();
      app = await createApp(store.options);
      const http = createHttpApp(app.services, { logger: createHttpLogger({ level: "silent" }) });
      const adminKey = app.adminKey!;
      const call = (
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ) =>
        http.app.request(path, {
          method,
          headers: {
            authorization: `Bearer ${adminKey}`,
            "content-type": "application/json",
            ...headers,
          },
          ...(body === undefined
            ? {}
            : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        });
      return { call };
    }

    it("publishes a model, collects a visitor's history and serves the identified lead", async () => {
      const { call } = await start();
      const put = await call("PUT", "/v1/models/saas-main", modelYaml, {
        "content-type": "application/yaml",
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ version: 1 });

      const created = await call("POST", "/v1/keys", {
        kind: "publishable",
        name: "site",
        allowedOrigins: [ORIGIN],
      });
      expect(created.status).toBe(201);
      const { secret: writeKey } = (await created.json()) as { secret: string };
      expect(writeKey).toMatch(/^pk_/);

      const now = Date.now();
      const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
      const batch = [
        {
          type: "page",
          anonymousId: "anon-9",
          messageId: "m1",
          properties: { url: "https://x.example/pricing" },
          timestamp: at(-60_000),
        },
        {
          type: "identify",
          anonymousId: "anon-9",
          userId: "u-9",
          messageId: "m2",
          traits: { email: "ada@example.com", jobTitle: "VP Sales" },
          timestamp: at(-50_000),
        },
        {
          type: "track",
          userId: "u-9",
          event: "demo.requested",
          messageId: "m3",
          timestamp: at(-40_000),
        },
        {
          type: "track",
          userId: "u-9",
          event: "demo.requested",
          messageId: "m3",
          timestamp: at(-40_000),
        },
        { type: "track", userId: "u-9", event: "x", messageId: "m4", timestamp: "not a date" },
        {
          type: "track",
          userId: "u-9",
          event: "x",
          messageId: "m5",
          timestamp: "2999-01-01T00:00:00Z",
        },
      ];
      const collected = await call("POST", "/v1/batch", JSON.stringify({ writeKey, batch }), {
        authorization: "",
        "content-type": "text/plain",
        origin: ORIGIN,
      });
      expect(collected.status).toBe(200);
      const result = (await collected.json()) as {
        accepted: number;
        duplicates: number;
        rejected: number;
        results: { status: string }[];
      };
      expect(result).toMatchObject({ accepted: 3, duplicates: 1, rejected: 2 });
      expect(result.results.map((r) => r.status)).toEqual([
        "accepted",
        "accepted",
        "accepted",
        "duplicate",
        "rejected",
        "rejected",
      ]);

      const found = await call("GET", "/v1/leads?userId=u-9");
      const page = (await found.json()) as { data: LeadJson[] };
      expect(page.data).toHaveLength(1);
      const leadId = page.data[0]!.id;
      expect(
        (await (await call("GET", "/v1/leads?email=ada@example.com")).json()) as {
          data: LeadJson[];
        },
      ).toMatchObject({ data: [{ id: leadId }] });

      const lead = (await (await call("GET", `/v1/leads/${leadId}`)).json()) as LeadJson;
      expect(lead.anonymousIds).toContain("anon-9");
      expect(lead.models["saas-main"]).toMatchObject({
        stage: "sql",
        band: expect.any(String),
        grade: expect.any(String),
      });
      expect(lead.models["saas-main"]!.score).toBeGreaterThan(0);

      const explanation = await call("GET", `/v1/leads/${leadId}/explanation?model=saas-main`);
      expect(explanation.status).toBe(200);
      const events = (await (await call("GET", `/v1/leads/${leadId}/events?limit=2`)).json()) as {
        data: unknown[];
        has_more: boolean;
      };
      expect(events).toMatchObject({ has_more: true });
      expect(events.data).toHaveLength(2);
      expect((await call("GET", `/v1/leads/${leadId}/history?model=saas-main`)).status).toBe(200);
      const unknownModel = await call("GET", `/v1/leads/${leadId}/explanation?model=nope`);
      expect(unknownModel.status).toBe(422);
      expect(await unknownModel.json()).toMatchObject({ errors: [{ pointer: "/model" }] });

      const stage = await call("POST", `/v1/leads/${leadId}/stage`, {
        model: "saas-main",
        action: "won",
        reason: "signed",
      });
      expect(stage.status).toBe(200);
      expect(((await stage.json()) as LeadJson).models["saas-main"]?.stage).toBe("customer");
      const once = { "idempotency-key": "feedback-1" };
      const feedback = await call(
        "POST",
        `/v1/leads/${leadId}/feedback`,
        { verdict: "good_fit" },
        once,
      );
      expect(feedback.status).toBe(201);
      const retried = await call(
        "POST",
        `/v1/leads/${leadId}/feedback`,
        { verdict: "good_fit" },
        once,
      );
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      expect(await retried.json()).toEqual(await feedback.json());

      const erased = await call("DELETE", `/v1/leads/${leadId}`);
      expect(erased.status).toBe(200);
      expect((await call("GET", `/v1/leads/${leadId}`)).status).toBe(404);
      expect((await call("GET", "/readyz")).status).toBe(200);
    });

    it("writes nothing for a batch whose items are all rejected", async () => {
      const { call } = await start();
      const rejected = await call("POST", "/v1/batch", {
        batch: [
          { type: "track", event: "x", messageId: "m1" },
          { type: "track", userId: "u", event: "x", messageId: "m2", timestamp: "garbage" },
        ],
      });
      expect(rejected.status).toBe(400);
      const problem = (await rejected.json()) as { errors: { pointer: string }[] };
      expect(problem.errors.map((e) => e.pointer.split("/").slice(0, 3).join("/"))).toEqual([
        "/batch/0",
        "/batch/1",
      ]);
      expect(await (await call("GET", "/v1/leads")).json()).toMatchObject({
        data: [],
        has_more: false,
      });
      const retried = await call("POST", "/v1/batch", {
        batch: [{ type: "track", userId: "u", event: "x", messageId: "m2" }],
      });
      expect(await retried.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    });

    const oversize = {
      type: "track",
      userId: "u",
      event: "x",
      messageId: "m1",
      properties: { blob: "x".repeat(33_000) },
    };
    it.each([
      ["malformed JSON", '{"batch":[{"type":"track","userId":"u","messageId":"m1"', 400],
      [
        "a __proto__ key",
        '{"batch":[{"type":"track","userId":"u","event":"x","messageId":"m1","__proto__":{"a":1}}]}',
        400,
      ],
      [
        "deep nesting",
        `{"batch":[{"type":"track","userId":"u","event":"x","messageId":"m1","properties":${"[".repeat(50)}${"]".repeat(50)}}]}`,
        400,
      ],
      [
        "an oversize event",
        JSON.stringify({ batch: [{ ...oversize, messageId: "m0", properties: {} }, oversize] }),
        413,
      ],
    ])("stores nothing from a request with %s", async (_name, raw, status) => {
      const { call } = await start();
      const response = await call("POST", "/v1/batch", raw);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await (await call("GET", "/v1/leads")).json()).toMatchObject({ data: [] });
      const again = await call("POST", "/v1/batch", {
        batch: [
          { type: "track", userId: "u", event: "x", messageId: "m0" },
          { type: "track", userId: "u", event: "x", messageId: "m1" },
        ],
      });
      expect(await again.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    });
  });
}
