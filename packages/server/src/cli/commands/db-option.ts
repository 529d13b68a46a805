import { resolve } from "node:path";
import type { CliIo } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";

/** parseArgs options every command that opens the store takes. */
export const STORE_OPTIONS = {
  db: { type: "string" },
  "database-url": { type: "string" },
} as const;

export type StoreChoice = { readonly dbPath: string } | { readonly databaseUrl: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * The store a command works on: PostgreSQL with `--database-url` or DATABASE_URL, else the SQLite
 * file of `--db`, LEADSCORE_DB or ./leadscore.db. Naming both kinds is an error, never a guess.
 */
export function storeFrom(
  values: { readonly db?: string | undefined; readonly "database-url"?: string | undefined },
  io: CliIo,
): StoreChoice {
  const url = values["database-url"] ?? io.env.DATABASE_URL;
  const path = values.db ?? io.env.LEADSCORE_DB;
  if (url !== undefined && url !== "") {
    if (path !== undefined && path !== "") {
      throw new UsageError("give --db/LEADSCORE_DB or --database-url/DATABASE_URL, not both");
    }
    if (!POSTGRES_URL.test(url))
      throw new UsageError("the database URL must start with postgres://");
    return { databaseUrl: url };
  }
  return { dbPath: dbPathFrom(values.db, io) };
}

/** The SQLite file a command works on: `--db`, else LEADSCORE_DB, else ./leadscore.db. */
export function dbPathFrom(db: string | undefined, io: CliIo): string {
  const path = db ?? io.env.LEADSCORE_DB ?? "./leadscore.db";
  return path === ":memory:" ? path : resolve(io.cwd, path);
}
