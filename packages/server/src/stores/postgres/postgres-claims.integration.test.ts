import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from "../../testing/postgres-test-database.ts";
import { PostgresLeadStore } from "./postgres-store.ts";

const run = promisify(execFile);
const worker = join(import.meta.dirname, "../../testing/claim-worker.ts");
const available = await postgresAvailable("the PostgreSQL claim race");
let database: TestDatabase | null = null;
afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!available)("claims across processes on one PostgreSQL database", () => {
  it("hands each lead to exactly one of several processes claiming at once", async () => {
    database = await createTestDatabase();
    const store = new PostgresLeadStore({ url: database.url });
    await store.migrate();
    await store.close();
    const outputs = await Promise.all(
      ["a", "b", "c", "d"].map((name) =>
        run(process.execPath, ["--import", "tsx", worker, database?.url ?? "", name, "30", "60"], {
          cwd: import.meta.dirname,
        }),
      ),
    );
    const claimed = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(claimed.length).toBe(60);
    expect(new Set(claimed).size).toBe(60);
    const check = new PostgresLeadStore({ url: database.url });
    expect((await check.activeClaims(2000)).length).toBe(60);
    await check.close();
  }, 60_000);
});
