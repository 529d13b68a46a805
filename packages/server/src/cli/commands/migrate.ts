import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { CliCommand } from "../cli-io.ts";
import { STORE_OPTIONS, storeFrom } from "./db-option.ts";

/** `leadscore migrate --db <f>`: create or upgrade the schema, then exit. */
export const command: CliCommand = async (argv, io) => {
  const { values } = parseArgs({ args: argv, strict: true, options: { ...STORE_OPTIONS } });
  const app = await createApp({
    ...storeFrom(values, io),
    createAdminKey: false,
    replayLog: false,
  });
  const ready = await app.services.health.ready();
  await app.close();
  io.stdout(ready.migrations ? "migrations applied\n" : "migrations missing\n");
  return ready.migrations ? 0 : 1;
};
