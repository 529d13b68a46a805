import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { CliCommand } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";
import { dbPathFrom } from "./db-option.ts";

const USAGE = "queue apply <file> | queue list | queue delete <id>  [--db <file>]";

/**
 * `leadscore queue apply <file> --db <f>` publishes a queue (works with the server stopped);
 * `queue list` prints each queue with its size; `queue delete <id>` removes one.
 */
export const command: CliCommand = async (argv, io) => {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { db: { type: "string" } },
  });
  if (sub !== "apply" && sub !== "list" && sub !== "delete") throw new UsageError(USAGE);
  const [target] = positionals;
  if (sub !== "list" && (target === undefined || positionals.length > 1))
    throw new UsageError(USAGE);
  const text = sub === "apply" ? await readFile(resolve(io.cwd, target ?? ""), "utf8") : "";
  const app = await createApp({
    dbPath: dbPathFrom(values.db, io),
    createAdminKey: false,
    replayLog: sub === "list",
  });
  try {
    const queues = app.services.queues;
    if (sub === "list") {
      for (const q of await queues.list()) io.stdout(`${JSON.stringify(q)}\n`);
      return 0;
    }
    if (sub === "delete") {
      const removed = await queues.remove(target ?? "");
      if (!removed.ok) {
        io.stderr(`${removed.error.detail}\n`);
        return 1;
      }
      io.stdout(`${JSON.stringify({ deleted: target })}\n`);
      return 0;
    }
    const format = target?.endsWith(".json") === true ? "json" : "yaml";
    const id = /^\s*"?id"?\s*:\s*"?([a-z0-9-]+)/m.exec(text)?.[1];
    if (id === undefined) {
      io.stderr(`${target}: /id: the queue has no id\n`);
      return 1;
    }
    const put = await queues.put({ id, source: { text, format } });
    if (!put.ok) {
      for (const problem of put.error.errors ?? [{ pointer: "", detail: put.error.detail }]) {
        io.stderr(`${target}: ${problem.pointer || "/"}: ${problem.detail}\n`);
      }
      return 1;
    }
    io.stdout(
      `${JSON.stringify({ queue: id, revision: put.value.revision, model: put.value.model })}\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
};
