import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteLeadStore } from "./sqlite-store.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "leadscore-claims-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const worker = join(import.meta.dirname, "../../testing/claim-worker.ts");

describe("claims across processes on one SQLite file", () => {
  it("hands each lead to exactly one of several processes claiming at once", async () => {
    const dbPath = join(dir, "race.db");
    await new SqliteLeadStore(dbPath).close();
    const workers = ["a", "b", "c", "d"];
    const outputs = await Promise.all(
      workers.map((name) =>
        run(process.execPath, ["--import", "tsx", worker, dbPath, name, "30", "60"], {
          cwd: import.meta.dirname,
        }),
      ),
    );
    const claimed = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(claimed.length).toBe(60);
    expect(new Set(claimed).size).toBe(60);
    const store = new SqliteLeadStore(dbPath);
    expect((await store.activeClaims(2000)).length).toBe(60);
    await store.close();
  }, 60_000);
});
