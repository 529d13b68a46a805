// Two `leadscore serve` processes on one PostgreSQL database, the same leads hammered through both:
// anonymous visitors identified by the other process, duplicates sent to both. Afterwards every
// acknowledged event is stored once, each person is one lead everywhere, and both processes hold the
// same events and scores as a full replay of the log.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../composition-root.ts";
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from "../../testing/postgres-test-database.ts";
import { type SpawnedServer, spawnServe } from "../../testing/spawn-serve.ts";
import type { CliIo } from "../cli-io.ts";
import { runCli } from "../run-cli.ts";

const modelFile = join(import.meta.dirname, "../../../../../examples/models/saas-main.yaml");
const available = await postgresAvailable("the two-process concurrency test");
const PEOPLE = 12;
const T0 = Date.parse("2026-01-01T00:00:00Z");

let database: TestDatabase | null = null;
const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const server of servers) server.child.kill("SIGTERM");
  await Promise.all(servers.map((s) => new Promise((resolve) => s.child.once("exit", resolve))));
  await database?.drop();
});

type Message = Record<string, unknown>;

/** A batch touching a few people: anonymous browsing, known activity and identifications. */
function batchOf(worker: string, n: number): Message[] {
  return Array.from({ length: 20 }, (_, i) => {
    const k = (n * 7 + i * 5 + worker.length) % PEOPLE;
    const messageId = `${worker}-${n}-${i}`;
    const timestamp = new Date(T0 + (n * 20 + i) * 60_000).toISOString();
    const kind = (n + i) % 4;
    if (kind === 0)
      return {
        type: "identify",
        messageId,
        anonymousId: `a${k}`,
        userId: `u${k}`,
        traits: { email: `p${k}@x.example`, employees: 200 },
        timestamp,
      };
    if (kind === 1)
      return {
        type: "page",
        messageId,
        anonymousId: `a${k}`,
        properties: { url: "/pricing" },
        timestamp,
      };
    return {
      type: "track",
      messageId,
      userId: `u${k}`,
      event: kind === 2 ? "email.clicked" : "demo.requested",
      properties: { campaignId: "spring-launch" },
      timestamp,
    };
  });
}

async function post(server: SpawnedServer, key: string, batch: Message[]) {
  const response = await fetch(`http://127.0.0.1:${server.port}/v1/batch`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ batch }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { results: { messageId: string; status: string }[] };
}

async function get<T>(server: SpawnedServer, key: string, path: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** One person as a server sees them: lead id, every event's messageId, the score. */
async function personOn(server: SpawnedServer, key: string, userId: string) {
  const list = await get<{ data: { id: string }[] }>(server, key, `/v1/leads?userId=${userId}`);
  expect(list.data).toHaveLength(1);
  const id = list.data[0]?.id ?? "";
  const messageIds: string[] = [];
  let after: string | undefined;
  for (;;) {
    const query = `limit=100${after === undefined ? "" : `&starting_after=${after}`}`;
    const page = await get<{ data: { messageId: string }[]; has_more: boolean }>(
      server,
      key,
      `/v1/leads/${id}/events?${query}`,
    );
    messageIds.push(...page.data.map((e) => e.messageId));
    if (!page.has_more) break;
    after = page.data.at(-1)?.messageId;
  }
  const lead = await get<{ models: Record<string, { score: number }> }>(
    server,
    key,
    `/v1/leads/${id}`,
  );
  return {
    id,
    messageIds: messageIds.sort(),
    score: lead.models["saas-main"]?.score ?? Number.NaN,
  };
}

async function personInReplay(app: App, userId: string) {
  const list = await app.services.leads.list({ userId });
  const id = list.ok ? (list.value.data[0]?.id ?? "") : "";
  expect(list.ok && list.value.data).toHaveLength(1);
  const record = app.running.state.findLead(id);
  const lead = await app.services.leads.get(id);
  return {
    id,
    messageIds: (record?.events ?? []).map((e) => e.messageId).sort(),
    score: lead.ok ? (lead.value.models["saas-main"]?.score ?? Number.NaN) : Number.NaN,
  };
}

describe.skipIf(!available)("two serve processes on one PostgreSQL database", () => {
  it("agree with a full replay: every acknowledged event once, one lead per person", async () => {
    database = await createTestDatabase();
    const url = database.url;
    const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: "/" };
    expect(await runCli(["model", "apply", modelFile, "--database-url", url], io)).toBe(0);
    const a = await spawnServe({ databaseUrl: url, port: 0 });
    servers.push(a);
    const b = await spawnServe({ databaseUrl: url, port: 0 });
    servers.push(b);
    const key = a.adminKey ?? b.adminKey ?? "";
    expect(key).toMatch(/^sk_/);

    const acked = new Set<string>();
    const sent: Message[][] = [];
    const worker = async (name: string, mine: SpawnedServer, other: SpawnedServer) => {
      for (let n = 0; n < 12; n++) {
        const batch = batchOf(name, n);
        sent.push(batch);
        for (const r of (await post(mine, key, batch)).results) acked.add(r.messageId);
        // Someone else's batch again, through the other process: duplicates count once.
        const again = sent[(n * 3) % sent.length] ?? batch;
        for (const r of (await post(other, key, again)).results) {
          expect(r.status).not.toBe("rejected");
          acked.add(r.messageId);
        }
      }
    };
    await Promise.all([
      worker("wa1", a, b),
      worker("wa2", a, b),
      worker("wb1", b, a),
      worker("wb22", b, a),
    ]);

    // Each process follows the other's commits (NOTIFY, else a 100 ms poll).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const replay = await createApp({ databaseUrl: url, createAdminKey: false });
    try {
      const counts = new Map<string, number>();
      for (let after = 0; ; ) {
        const page = await replay.running.state.store.readEvents(after, 5000);
        for (const e of page.events) counts.set(e.messageId, (counts.get(e.messageId) ?? 0) + 1);
        if (page.nextSeq === null) break;
        after = page.nextSeq;
      }
      expect([...acked].filter((id) => counts.get(id) !== 1)).toEqual([]);
      expect(counts.size).toBe(acked.size);

      for (let k = 0; k < PEOPLE; k++) {
        const expected = await personInReplay(replay, `u${k}`);
        expect(expected.messageIds.length).toBeGreaterThan(0);
        for (const server of [a, b]) {
          const seen = await personOn(server, key, `u${k}`);
          expect(seen.id).toBe(expected.id);
          expect(seen.messageIds).toEqual(expected.messageIds);
          // Scores are valued at each reader's clock; decay moves them by far less than a point per second.
          expect(Math.abs(seen.score - expected.score)).toBeLessThan(0.01);
        }
      }
    } finally {
      await replay.close();
    }

    // A stage change retried through the other process runs once: the Idempotency-Key is shared.
    const person = await personOn(a, key, "u1");
    const change = (server: SpawnedServer) =>
      fetch(`http://127.0.0.1:${server.port}/v1/leads/${person.id}/stage`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${key}`,
          "idempotency-key": "stage-once",
        },
        body: JSON.stringify({ model: "saas-main", action: "accept", reason: "called back" }),
      });
    const first = await change(a);
    const retried = await change(b);
    expect([first.status, retried.status]).toEqual([200, 200]);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const server of [a, b]) {
      const manual = (await personOn(server, key, "u1")).messageIds.filter((id) =>
        id.startsWith("msg_"),
      );
      expect(manual).toHaveLength(1);
    }
  }, 120_000);
});
