// The leads table at scale: a SQLite file with N identified leads (3 events each, 2 models), then
// GET /v1/leads through the HTTP layer in-process for the queries the dashboard sends.
// Run: node --import tsx bench/leads-list.ts [--leads 100000] [--rounds 30]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createApp } from "../packages/server/src/composition-root.ts";
import { createHttpApp } from "../packages/server/src/http/create-http-app.ts";
import { seedManyLeads } from "./seed-many-leads.ts";

const { values } = parseArgs({
  options: {
    leads: { type: "string", default: "100000" },
    rounds: { type: "string", default: "30" },
  },
});
const leadCount = Number(values.leads);
const rounds = Number(values.rounds);
const root = join(import.meta.dirname, "..");
const models = ["saas-main", "car-dealer"].map((id) =>
  readFileSync(join(root, "examples/models", `${id}.yaml`), "utf8"),
);
const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-leads-"));
const dbPath = join(dir, "leads.db");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

try {
  const now = Date.now();
  const seedStartedAt = performance.now();
  await seedManyLeads(dbPath, leadCount, now);
  const seedMs = performance.now() - seedStartedAt;

  const startedAt = performance.now();
  const app = await createApp({ dbPath });
  for (const text of models) {
    const id = /^id:\s*([a-z0-9-]+)/m.exec(text)?.[1] ?? "";
    await app.services.models.put({ id, source: { text, format: "yaml" }, retroactive: false });
  }
  const startMs = performance.now() - startedAt;
  const http = createHttpApp(app.services, { logger: pino({ level: "silent" }) });
  const get = async (path: string) => {
    const t = performance.now();
    const response = await http.app.request(path, {
      headers: { authorization: `Bearer ${app.adminKey}` },
    });
    const body = (await response.json()) as { next_cursor?: string | null };
    return { ms: performance.now() - t, status: response.status, body };
  };

  const coldMs = (await get("/v1/leads?model=saas-main&limit=50")).ms;
  const deep = await (async () => {
    let cursor: string | null | undefined = null;
    for (let page = 0; page < 20; page++) {
      const { body } = await get(
        `/v1/leads?model=saas-main&limit=50${cursor ? `&starting_after=${cursor}` : ""}`,
      );
      cursor = body.next_cursor;
    }
    return cursor ?? "";
  })();
  const queries: Record<string, string> = {
    firstPageByScore: "/v1/leads?model=saas-main&limit=50",
    page21ByScore: `/v1/leads?model=saas-main&limit=50&starting_after=${deep}`,
    bandHot: "/v1/leads?model=saas-main&band=hot&limit=50",
    stageAndGrade: "/v1/leads?model=saas-main&stage=mql&grade=C&limit=50",
    searchText: "/v1/leads?model=saas-main&q=carmen%2012&limit=50",
    byActivity: "/v1/leads?model=car-dealer&sort=-activity&limit=50",
  };
  const results: Record<string, { p50Ms: number; p99Ms: number; status: number }> = {};
  for (const [name, path] of Object.entries(queries)) {
    const times: number[] = [];
    let status = 0;
    for (let r = 0; r < rounds; r++) {
      const result = await get(path);
      times.push(result.ms);
      status = result.status;
    }
    times.sort((a, b) => a - b);
    results[name] = {
      p50Ms: Math.round(percentile(times, 50) * 100) / 100,
      p99Ms: Math.round(percentile(times, 99) * 100) / 100,
      status,
    };
  }
  await app.close();
  console.log(
    JSON.stringify(
      {
        leads: leadCount,
        seedMs: Math.round(seedMs),
        startAndPublishMs: Math.round(startMs),
        firstListMs: Math.round(coldMs),
        rounds,
        list: results,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
