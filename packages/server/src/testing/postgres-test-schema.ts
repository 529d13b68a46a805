import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./postgres-test-database.ts";

export interface TestSchema {
  /** The database's URL, for stores under test. */
  readonly url: string;
  /** A client on the database, for looking at tables directly. */
  readonly sql: pg.Client;
  /** Empty the database (drop and recreate its public schema) before a test that wants it fresh. */
  reset(): Promise<void>;
}

/**
 * For a PostgreSQL suite: one fresh database for the describe block and a client on it, dropped after
 * it. Call inside `describe`; the fields are ready from the first test on.
 */
export function useTestSchema(): TestSchema {
  let db: TestDatabase | undefined;
  let client: pg.Client | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useTestSchema: read its fields inside a test");
    return value;
  };
  return {
    get url() {
      return ready(db).url;
    },
    get sql() {
      return ready(client);
    },
    reset: async () => {
      await ready(client).query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    },
  };
}
