// Two `leadscore serve` processes on one fresh PostgreSQL database, agents claiming from one queue
// through both at once: each lead is handed out exactly once, and an outcome sent through both
// processes (the same messageId, as a retry would) moves the lead's stage once, in both.
import { afterAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from "../../testing/postgres-test-database.ts";
import { type SpawnedServer, spawnServe } from "../../testing/spawn-serve.ts";
import { CALLERS_QUEUE, callerMessages, callsModel } from "../../use-case-tests/queue-fixture.ts";

const available = await postgresAvailable("the two-process queue test");
const HIGH = 20;
const MEDIUM = 20;
const AGENTS_PER_PROCESS = 4;

let database: TestDatabase | null = null;
const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const server of servers) server.child.kill("SIGTERM");
  await Promise.all(servers.map((s) => new Promise((resolve) => s.child.once("exit", resolve))));
  await database?.drop();
});

function call(server: SpawnedServer, key: string, method: string, path: string, body?: unknown) {
  const yaml = typeof body === "string";
  return fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined
        ? {}
        : { "content-type": yaml ? "application/yaml" : "application/json" }),
    },
    ...(body === undefined ? {} : { body: yaml ? body : JSON.stringify(body) }),
  });
}

async function json<T>(response: Promise<Response>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.status).toBe(status);
  return (await answer.json()) as T;
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Claim {
  claimId: string;
  agentId: string;
  lead: { leadId: string };
}
interface StageChange {
  stage: string;
  messageId?: string;
}

describe.skipIf(!available)(
  "a queue worked through two serve processes on one PostgreSQL database",
  () => {
    it("hands each lead out once and records a stage change once", async () => {
      database = await createTestDatabase();
      const a = await spawnServe({ databaseUrl: database.url, port: 0 });
      servers.push(a);
      const b = await spawnServe({ databaseUrl: database.url, port: 0 });
      servers.push(b);
      const key = a.adminKey ?? b.adminKey ?? "";
      expect(key).toMatch(/^sk_/);

      // The model through one process, the queue through the other, the leads through the first.
      await json(call(a, key, "PUT", "/v1/models/calls", callsModel()));
      await json(call(b, key, "PUT", "/v1/queues/callers", CALLERS_QUEUE));
      const seeded = await json<{ accepted: number }>(
        call(a, key, "POST", "/v1/batch", {
          batch: callerMessages({ high: HIGH, medium: MEDIUM }, Date.now()),
        }),
      );
      expect(seeded.accepted).toBe(HIGH + MEDIUM);
      for (const server of [a, b]) {
        await eventually(async () => {
          const page = await json<{ size: number }>(
            call(server, key, "GET", "/v1/queues/callers?limit=100"),
          );
          return page.size === HIGH + MEDIUM;
        }, `port ${server.port} to see every lead in the queue`);
      }

      // Agents on both processes take the next lead until the queue has none left (409).
      const claims: Claim[] = [];
      const agent = async (server: SpawnedServer, agentId: string) => {
        for (;;) {
          const answer = await call(server, key, "POST", "/v1/queues/callers/claim", { agentId });
          if (answer.status === 409) return;
          expect(answer.status).toBe(200);
          claims.push((await answer.json()) as Claim);
        }
      };
      await Promise.all(
        [a, b].flatMap((server, p) =>
          Array.from({ length: AGENTS_PER_PROCESS }, (_, i) => agent(server, `agent-${p}-${i}`)),
        ),
      );
      const leadIds = claims.map((c) => c.lead.leadId);
      expect(leadIds).toHaveLength(HIGH + MEDIUM);
      expect(new Set(leadIds).size).toBe(HIGH + MEDIUM);
      // Both processes took part.
      expect(new Set(claims.map((c) => c.agentId.slice(0, 7))).size).toBe(2);

      // Each qualified call is reported through both processes at once with one messageId.
      const qualified = claims.slice(0, 10);
      const statuses = await Promise.all(
        qualified.map(async (claim) => {
          const body = {
            leadId: claim.lead.leadId,
            outcome: "qualified",
            messageId: `q-${claim.claimId}`,
            agentId: claim.agentId,
          };
          const reports = await Promise.all(
            [a, b].map((server) =>
              json<{ status: string }>(
                call(server, key, "POST", "/v1/queues/callers/outcome", body),
              ),
            ),
          );
          return reports.map((r) => r.status).sort();
        }),
      );
      for (const pair of statuses) expect(pair).toEqual(["accepted", "duplicate"]);

      for (const server of [a, b]) {
        for (const claim of qualified) {
          const path = `/v1/leads/${claim.lead.leadId}`;
          await eventually(async () => {
            const lead = await json<{ models: Record<string, { stageHistory: StageChange[] }> }>(
              call(server, key, "GET", path),
            );
            return (lead.models.calls?.stageHistory ?? []).some((c) => c.stage === "sql");
          }, `port ${server.port} to see ${claim.lead.leadId} qualified`);
          const lead = await json<{ models: Record<string, { stageHistory: StageChange[] }> }>(
            call(server, key, "GET", path),
          );
          const toSql = (lead.models.calls?.stageHistory ?? []).filter((c) => c.stage === "sql");
          expect(toSql).toEqual([expect.objectContaining({ messageId: `q-${claim.claimId}` })]);
        }
      }
    }, 120_000);
  },
);
