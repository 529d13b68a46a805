// Identified leads straight into a SQLite file (3 events each), for the leads-table benchmarks.
import { openStore } from "../packages/server/src/composition-root.ts";
import type { StoredEvent } from "../packages/server/src/ports/store.ts";

const FIRST = ["Ana", "Ben", "Carmen", "David", "Emma", "Farid", "Greta", "Hugo"];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"];

export async function seedManyLeads(dbPath: string, leadCount: number, now: number): Promise<void> {
  const store = openStore(dbPath);
  await store.migrate();
  for (let start = 0; start < leadCount; start += 10_000) {
    const events: StoredEvent[] = [];
    for (let i = start; i < Math.min(leadCount, start + 10_000); i++) {
      const at = now - ((i * 7919) % (60 * 86_400_000));
      const base = { leadId: `ld_${i}`, anonymousId: null, userId: `u${i}`, receivedAt: at };
      events.push(
        {
          ...base,
          messageId: `i${i}`,
          type: "identify",
          event: "identify",
          timestamp: at,
          properties: null,
          traits: {
            email: `lead${i}@example.com`,
            name: `${FIRST[i % FIRST.length]} ${i}`,
            company: COMPANIES[i % COMPANIES.length],
            jobTitle: i % 3 === 0 ? "VP Sales" : "Engineer",
            employees: i % 500,
          },
        },
        {
          ...base,
          messageId: `p${i}`,
          type: "page",
          event: "page.viewed",
          timestamp: at + 1000,
          properties: { url: i % 2 === 0 ? "https://x.example/pricing" : "https://x.example/blog" },
          traits: null,
        },
        {
          ...base,
          messageId: `c${i}`,
          type: "track",
          event: "email.clicked",
          timestamp: at + 2000,
          properties: { campaignId: i % 5 === 0 ? "spring-launch" : "news" },
          traits: null,
        },
      );
    }
    await store.commit({
      events,
      identities: events
        .filter((e) => e.type === "identify")
        .map((e) => ({ identifier: `u:${e.userId}`, leadId: e.leadId })),
    });
  }
  await store.close();
}
