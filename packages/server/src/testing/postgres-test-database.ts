// Real PostgreSQL for tests: each suite makes its own database and drops it afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where tests find a server to create databases on (CI: the machine's PostgreSQL, trust auth). */
export const POSTGRES_ADMIN_URL =
  process.env.LEADSCORE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function reachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * True when PostgreSQL answers. Under CI it must: an unreachable server fails the run instead of
 * skipping the suites. Elsewhere the suites are skipped, and this says so on stderr.
 */
export async function postgresAvailable(suite: string): Promise<boolean> {
  if (await reachable()) return true;
  if (process.env.CI === "true") {
    throw new Error(
      `PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable, and CI=true: ${suite} must run`,
    );
  }
  process.stderr.write(
    `\n!!! SKIPPING ${suite}: PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (set LEADSCORE_TEST_POSTGRES_URL) !!!\n\n`,
  );
  return false;
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Names of test databases start with this (letters, digits, `_`), so parallel work trees keep theirs apart. */
const DATABASE_PREFIX = /^[a-z_][a-z0-9_]*$/.test(process.env.LEADSCORE_TEST_DB_PREFIX ?? "")
  ? (process.env.LEADSCORE_TEST_DB_PREFIX as string)
  : "leadscore_test_";

/** A fresh, empty database with a unique name. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${DATABASE_PREFIX}${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
