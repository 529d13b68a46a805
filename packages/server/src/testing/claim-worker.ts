// Test support: one process claiming leads from a shared store (a SQLite file or a PostgreSQL URL),
// for the cross-process claim race.
// Usage: node --import tsx claim-worker.ts <db file | postgres://…> <worker> <attempts> <candidates>
import { PostgresLeadStore } from "../stores/postgres/postgres-store.ts";
import { SqliteLeadStore } from "../stores/sqlite/sqlite-store.ts";

const [dbPath = "", worker = "w", attempts = "10", count = "10"] = process.argv.slice(2);
const store = dbPath.startsWith("postgres")
  ? new PostgresLeadStore({ url: dbPath })
  : new SqliteLeadStore(dbPath);
const candidates = Array.from({ length: Number(count) }, (_, i) => `ld_${i}`);
const claimed: string[] = [];
for (let i = 0; i < Number(attempts); i++) {
  const claim = await store.claimLead({
    claimId: `${worker}-${i}`,
    queueId: "callers",
    agentId: worker,
    candidates,
    now: 1000,
    leaseUntil: 100_000,
  });
  if (claim !== null) claimed.push(claim.leadId);
}
await store.close();
process.stdout.write(JSON.stringify(claimed));
