// Retroactive rescoring of stored events: a SQLite file with N events, then (1) a cold start that rebuilds
// lead state from the log and (2) `PUT model?retroactive=true`, which rescores every lead from history.
// Run: node --import tsx bench/rescore.ts [--events 1000000] [--leads 50000]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createApp, openStore } from "../packages/server/src/composition-root.ts";
import type { StoredEvent } from "../packages/server/src/ports/store.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    leads: { type: "string", default: "50000" },
  },
});
const eventCount = Number(values.events);
const leadCount = Number(values.leads);
const root = join(import.meta.dirname, "..");
const modelText = readFileSync(join(root, "examples/models/saas-main.yaml"), "utf8");
const TYPES = [
  "email.clicked",
  "page.viewed",
  "chatbot.completed",
  "email.opened",
  "support.contacted",
];
const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-rescore-"));
const dbPath = join(dir, "rescore.db");

try {
  const store = openStore(dbPath);
  await store.migrate();
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const writeStartedAt = performance.now();
  await store.commit({
    identities: Array.from({ length: leadCount }, (_, i) => ({
      identifier: `u:u${i}`,
      leadId: `ld_${i}`,
    })),
  });
  for (let start = 0; start < eventCount; start += 20_000) {
    const events: StoredEvent[] = [];
    for (let i = start; i < Math.min(eventCount, start + 20_000); i++) {
      const lead = (i * 7919) % leadCount;
      const first = i < leadCount;
      events.push({
        messageId: `e${i}`,
        leadId: `ld_${lead}`,
        type: first ? "identify" : "track",
        event: first ? "identify" : (TYPES[i % TYPES.length] ?? "x"),
        timestamp: t0 + i * 5000,
        receivedAt: t0 + i * 5000,
        anonymousId: null,
        userId: `u${lead}`,
        properties: first
          ? null
          : {
              campaignId: i % 4 === 0 ? "spring-launch" : "news",
              url: "/pricing",
              fieldsCount: i % 9,
            },
        traits: first
          ? {
              email: `u${lead}@bench.example`,
              jobTitle: i % 3 ? "VP" : "Engineer",
              employees: i % 300,
            }
          : null,
      });
    }
    await store.commit({ events });
  }
  await store.close();
  const writeS = (performance.now() - writeStartedAt) / 1000;

  const first = await createApp({ dbPath, createAdminKey: false, replayLog: false });
  await first.services.models.put({
    id: "saas-main",
    source: { text: modelText, format: "yaml" },
    retroactive: false,
  });
  await first.close();

  const loadStartedAt = performance.now();
  const app = await createApp({ dbPath, createAdminKey: false });
  const loadS = (performance.now() - loadStartedAt) / 1000;
  const changed = modelText.replace("points: 15\n", "points: 25\n");
  const rescoreStartedAt = performance.now();
  const put = await app.services.models.put({
    id: "saas-main",
    source: { text: changed, format: "yaml" },
    retroactive: true,
  });
  const rescoreS = (performance.now() - rescoreStartedAt) / 1000;
  await app.close();
  if (!put.ok) throw new Error(put.error.detail);
  console.log(
    JSON.stringify(
      {
        bench: "rescore",
        store: "sqlite",
        events: eventCount,
        leads: leadCount,
        writeEventsPerSecond: Math.round(eventCount / writeS),
        coldLoadSeconds: Number(loadS.toFixed(2)),
        coldLoadEventsPerSecond: Math.round(eventCount / loadS),
        retroactiveRescoreSeconds: Number(rescoreS.toFixed(2)),
        retroactiveRescoreEventsPerSecond: Math.round(eventCount / rescoreS),
        fromStoreEventsPerSecond: Math.round(eventCount / (loadS + rescoreS)),
        report: put.value,
        target: { eventsPerSecond: 300_000 },
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
