import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from "../../testing/postgres-test-database.ts";
import type { CliIo } from "../cli-io.ts";
import { runCli } from "../run-cli.ts";

const available = await postgresAvailable("the CLI on PostgreSQL");
const modelFile = join(import.meta.dirname, "../../../../../examples/models/saas-main.yaml");
let database: TestDatabase | null = null;
afterAll(async () => {
  await database?.drop();
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: "/" };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe.skipIf(!available)("the CLI on PostgreSQL", () => {
  it("migrates, applies a model and creates a key with --database-url or DATABASE_URL", async () => {
    database = await createTestDatabase();
    const url = database.url;
    expect(await run(["migrate", "--database-url", url])).toMatchObject({
      code: 0,
      out: "migrations applied\n",
    });
    expect((await run(["model", "apply", modelFile], { DATABASE_URL: url })).code).toBe(0);
    const key = await run(["keys", "create", "--scopes", "leads:read"], { DATABASE_URL: url });
    expect(key.out.trim().split("\n").at(-1)).toMatch(/^sk_/);
  });

  it("refuses a SQLite file and a PostgreSQL URL together", async () => {
    const both = await run(["migrate", "--db", "x.db", "--database-url", "postgres://h/db"]);
    expect(both.code).toBe(2);
    expect(both.err).toContain("not both");
  });
});
