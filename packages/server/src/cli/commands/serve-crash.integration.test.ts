// Crash test: kill -9 the server repeatedly while batches stream in; after restart every acknowledged
// messageId is stored exactly once and every lead's score equals a full replay of its events.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createApp } from "../../composition-root.ts";
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from "../../testing/postgres-test-database.ts";
import { spawnServe } from "../../testing/spawn-serve.ts";
import { historyFor } from "../../use-cases/lead-book.ts";
import { compileScoringModel } from "../../use-cases/scoring-model.ts";
import type { CliIo } from "../cli-io.ts";
import { runCli } from "../run-cli.ts";
import type { StoreChoice } from "./db-option.ts";

const root = join(import.meta.dirname, "../../../../..");
const modelFile = join(root, "examples/models/saas-main.yaml");
const dir = mkdtempSync(join(tmpdir(), "leadscore-crash-"));
const port = 39_000 + Math.floor(Math.random() * 1000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const postgres = await postgresAvailable("the crash test on PostgreSQL");
let database: TestDatabase | null = null;
afterAll(async () => {
  await database?.drop();
});

/** Each store the server can run on: its CLI flags and the same choice for createApp. */
const stores: { name: string; open: () => Promise<StoreChoice> }[] = [
  { name: "SQLite", open: async () => ({ dbPath: join(dir, "crash.db") }) },
  ...(postgres
    ? [
        {
          name: "PostgreSQL",
          open: async () => {
            database = await createTestDatabase();
            return { databaseUrl: database.url };
          },
        },
      ]
    : []),
];

const flagsOf = (store: StoreChoice) =>
  "databaseUrl" in store ? ["--database-url", store.databaseUrl] : ["--db", store.dbPath];

async function waitForDeath(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 500; i++) {
    try {
      process.kill(child.pid ?? 0, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`server ${child.pid} still alive after SIGKILL`);
}

const EVENTS = [
  "email.clicked",
  "page.viewed",
  "chatbot.completed",
  "demo.requested",
  "support.contacted",
];

function batchOf(round: number, n: number): Record<string, unknown>[] {
  return Array.from({ length: 50 }, (_, i) => {
    const k = n * 50 + i;
    return {
      type: k % 17 === 0 ? "identify" : "track",
      messageId: `r${round}-${k}`,
      userId: `u${(k * 7) % 40}`,
      event: EVENTS[k % EVENTS.length],
      properties: {
        campaignId: k % 3 === 0 ? "spring-launch" : "x",
        url: "/pricing",
        fieldsCount: k % 9,
      },
      traits: {
        email: `u${(k * 7) % 40}@crash.example`,
        employees: k % 200,
        jobTitle: k % 2 ? "VP" : "Engineer",
      },
      timestamp: new Date(
        Date.parse("2026-01-01T00:00:00Z") + ((k * 7919) % 5_000_000) * 1000,
      ).toISOString(),
    };
  });
}

describe.each(stores)("crash safety on $name (kill -9 during ingest)", ({ open }) => {
  it("keeps every acknowledged event exactly once and scores equal to a full replay", async () => {
    const store = await open();
    const start = () => spawnServe({ ...store, port });
    const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dir };
    expect(await runCli(["model", "apply", modelFile, ...flagsOf(store)], io)).toBe(0);
    const acked = new Set<string>();
    let key = "";
    for (let round = 0; round < 4; round++) {
      const server = await start();
      key = key || (server.adminKey ?? "");
      expect(key).toMatch(/^sk_/);
      let sent = 0;
      const stopAt = Date.now() + 300 + round * 150;
      const workers = Array.from({ length: 4 }, async () => {
        while (Date.now() < stopAt) {
          const n = sent++;
          // Every round re-sends a batch of the previous one: duplicates must not count twice.
          const batch = n === 0 && round > 0 ? batchOf(round - 1, 0) : batchOf(round, n);
          try {
            const res = await fetch(`http://127.0.0.1:${port}/v1/batch`, {
              method: "POST",
              headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
              body: JSON.stringify({ batch }),
              signal: AbortSignal.timeout(3000),
            });
            if (res.status === 200) {
              const body = (await res.json()) as {
                results: { messageId: string; status: string }[];
              };
              for (const r of body.results) if (r.status !== "rejected") acked.add(r.messageId);
            }
          } catch {
            return; // the server died under us: that request was never acknowledged
          }
        }
      });
      const killer = new Promise<void>((resolve) =>
        setTimeout(
          () => {
            server.child.kill("SIGKILL");
            resolve();
          },
          200 + round * 120,
        ),
      );
      await Promise.all([...workers, killer]);
      await waitForDeath(server.child);
    }
    expect(acked.size).toBeGreaterThan(100);
    const app = await createApp({ ...store, createAdminKey: false });
    try {
      const stored = new Map<string, number>();
      let after = 0;
      for (;;) {
        const page = await app.running.state.store.readEvents(after, 5000);
        for (const e of page.events) stored.set(e.messageId, (stored.get(e.messageId) ?? 0) + 1);
        if (page.nextSeq === null) break;
        after = page.nextSeq;
      }
      const missing = [...acked].filter((id) => stored.get(id) !== 1);
      expect(missing).toEqual([]);

      const doc = parseYaml(readFileSync(modelFile, "utf8"));
      const replayModel = compileScoringModel(doc, 1);
      if (!replayModel.ok) throw new Error("model invalid");
      const byUser = new Map<string, string[]>();
      after = 0;
      const all = (await app.running.state.store.readEvents(0, 1_000_000)).events;
      for (const e of all)
        byUser.set(e.userId ?? "", [...(byUser.get(e.userId ?? "") ?? []), e.messageId]);
      let compared = 0;
      for (const [userId, ids] of byUser) {
        const list = await app.services.leads.list({ userId });
        const id = list.ok ? list.value.data[0]?.id : undefined;
        const lead = await app.services.leads.get(id ?? "");
        if (!lead.ok) throw new Error(`lead of ${userId} missing`);
        const scored = lead.value.models["saas-main"];
        const record = app.running.state.findLead(lead.value.id);
        if (scored === undefined || record === null) throw new Error("not scored");
        expect(record.events.map((e) => e.messageId).sort()).toEqual([...ids].sort());
        const replay = replayModel.value.score(historyFor(record, "saas-main"), scored.scoredAt);
        expect([scored.score, scored.stage]).toEqual([replay.score, replay.stage]);
        compared++;
      }
      expect(compared).toBeGreaterThan(10);
    } finally {
      await app.close();
    }
  }, 60_000);
});
