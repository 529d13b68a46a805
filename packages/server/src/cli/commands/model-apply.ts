import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { CliCommand } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";
import { STORE_OPTIONS, storeFrom } from "./db-option.ts";

/** `leadscore model apply <file> --db <f> [--retroactive]`: publishes a model with the server stopped. */
export const modelApply: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...STORE_OPTIONS, retroactive: { type: "boolean", default: false } },
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1)
    throw new UsageError("model apply takes one model file");
  const text = await readFile(resolve(io.cwd, file), "utf8");
  const format = file.endsWith(".json") ? "json" : "yaml";
  const id = /^\s*"?id"?\s*:\s*"?([a-z0-9-]+)/m.exec(text)?.[1];
  if (id === undefined) {
    io.stderr(`${file}: the model has no id\n`);
    return 1;
  }
  const app = await createApp({
    ...storeFrom(values, io),
    createAdminKey: false,
    replayLog: values.retroactive,
  });
  try {
    const put = await app.services.models.put({
      id,
      source: { text, format },
      retroactive: values.retroactive,
    });
    if (!put.ok) {
      for (const problem of put.error.errors ?? [{ pointer: "", detail: put.error.detail }]) {
        io.stderr(`${file}: ${problem.pointer || "/"}: ${problem.detail}\n`);
      }
      return 1;
    }
    io.stdout(`${JSON.stringify({ model: id, ...put.value })}\n`);
    return 0;
  } finally {
    await app.close();
  }
};

export const command: CliCommand = modelApply;
