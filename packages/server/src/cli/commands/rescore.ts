import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { CliCommand } from "../cli-io.ts";
import { STORE_OPTIONS, storeFrom } from "./db-option.ts";

/** `leadscore rescore --db <f>`: replays the whole log under the published models and reports the time. */
export const command: CliCommand = async (argv, io) => {
  const { values } = parseArgs({ args: argv, strict: true, options: { ...STORE_OPTIONS } });
  const startedAt = performance.now();
  const app = await createApp({ ...storeFrom(values, io), createAdminKey: false });
  try {
    const state = app.running.state;
    const events = await state.store.countEvents();
    const seconds = (performance.now() - startedAt) / 1000;
    io.stdout(
      `${JSON.stringify({ leads: state.book.leads.size, events, models: [...state.models.keys()], seconds: Number(seconds.toFixed(3)) })}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
};
