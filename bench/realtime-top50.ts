// bench/realtime.ts, part 2: the top 50 of a queue over many leads, from the service's in-memory order index,
// beside an indexed SQLite query over the same rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "@leadscore/core";
import Database from "better-sqlite3";
import { createApp } from "../packages/server/src/composition-root.ts";

const READS = 5000;
const DAY_MS = 86_400_000;
const GRADE_RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

/** Tiers set the score; only a demo request is high intent, so presence alone makes grade A. */
export function callsModelText(): string {
  return `id: calls
name: Calls
fit:
  - { id: vip, when: { trait: tier, eq: vip }, points: 90 }
  - { id: high, when: { trait: tier, eq: high }, points: 60 }
  - { id: medium, when: { trait: tier, eq: medium }, points: 30 }
  - { id: senior, when: { trait: seniority, gte: 3 }, points: 7 }
  - { id: big, when: { trait: employees, gte: 200 }, points: 4 }
grading: { highIntent: [demo.requested] }
`;
}

const percentile = (sorted: readonly number[], p: number) =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(4));

function timeReads(read: () => unknown) {
  for (let i = 0; i < 200; i++) read();
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t0 = performance.now();
    read();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { reads: READS, p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
}

export async function measureTop50(leadCount: number) {
  const app = await createApp({ dbPath: ":memory:", createAdminKey: false });
  const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-top50-"));
  try {
    const model = await app.services.models.put({
      id: "calls",
      source: { text: callsModelText(), format: "yaml" },
      retroactive: false,
    });
    const queue = await app.services.queues.put({
      id: "callers",
      source: { document: { id: "callers", model: "calls" } },
    });
    if (!model.ok || !queue.ok) throw new Error("setup failed");
    const random = seededRandom(11);
    const now = Date.now();
    const tiers = ["high", "medium", "medium", "low", "low", "low"];
    const startedAt = performance.now();
    for (let i = 0; i < leadCount; i += 5000) {
      const messages = Array.from({ length: Math.min(5000, leadCount - i) }, (_, j) => ({
        type: "identify",
        messageId: `seed-${i + j}`,
        userId: `u${i + j}`,
        traits: {
          tier: tiers[Math.floor(random() * tiers.length)],
          seniority: Math.floor(random() * 5),
          employees: Math.floor(random() * 400),
          name: `Lead ${i + j}`,
          email: `lead${i + j}@example.com`,
        },
        timestamp: new Date(now - Math.floor(random() * 10 * DAY_MS)).toISOString(),
      }));
      await app.services.ingest.ingest({ messages, receivedAt: now });
    }
    const loadSeconds = (performance.now() - startedAt) / 1000;
    const size = (await app.services.queues.list())[0]?.size ?? 0;
    const leadscore = timeReads(() => app.services.queues.top("callers", 50));

    const db = new Database(join(dir, "top50.db"));
    db.pragma("journal_mode = WAL");
    db.exec(
      `CREATE TABLE leads (id TEXT PRIMARY KEY, grade INTEGER, score INTEGER, last_activity INTEGER,
        user_id TEXT, name TEXT, email TEXT, company TEXT, band TEXT, stage TEXT)`,
    );
    const insert = db.prepare("INSERT INTO leads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    db.transaction(() => {
      for (const lead of app.running.state.book.leads.values()) {
        const slot = lead.models.get("calls");
        if (slot === undefined) continue;
        insert.run(
          lead.id,
          GRADE_RANK[slot.grade] ?? 4,
          slot.score,
          lead.lastActivityAt,
          lead.userId,
          String(lead.traits.name ?? ""),
          lead.email,
          null,
          slot.band,
          slot.stage,
        );
      }
    })();
    db.exec("CREATE INDEX leads_order ON leads (grade, score DESC, last_activity DESC, id)");
    const select = db.prepare(
      "SELECT * FROM leads ORDER BY grade, score DESC, last_activity DESC, id LIMIT 50",
    );
    const sqlite = timeReads(() => select.all());
    db.close();
    return {
      what: `GET-equivalent read of the first 50 (entries built) over ${leadCount} leads, in process`,
      leads: leadCount,
      eligible: size,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      heapMB: Math.round(process.memoryUsage().heapUsed / 1_048_576),
      leadscore,
      sqliteIndexedTop50: { what: "same rows, index on the order, file in WAL", ...sqlite },
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
