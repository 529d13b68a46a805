import { resolve } from "node:path";
import type { CliIo } from "../cli-io.ts";

/** The database a command works on: `--db`, else LEADSCORE_DB, else ./leadscore.db. */
export function dbPathFrom(db: string | undefined, io: CliIo): string {
  const path = db ?? io.env.LEADSCORE_DB ?? "./leadscore.db";
  return path === ":memory:" ? path : resolve(io.cwd, path);
}
