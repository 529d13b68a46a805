import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { CliCommand, CliIo } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";
import { STORE_OPTIONS, type StoreChoice, storeFrom } from "./db-option.ts";

const CHUNK = 1000;

function parseMapping(text: string | undefined): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of (text ?? "").split(",").filter((p) => p.trim() !== "")) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--map expects trait=Column pairs, got "${pair}"`);
    mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return mapping;
}

async function importEvents(text: string, store: StoreChoice, io: CliIo): Promise<number> {
  const lines = text.split(/\r?\n/);
  const errors: { line: number; code: string; pointer: string; detail: string }[] = [];
  const items: { line: number; message: unknown }[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      items.push({ line: i + 1, message: JSON.parse(raw) });
    } catch {
      errors.push({ line: i + 1, code: "invalid_json", pointer: "", detail: "not a JSON object" });
    }
  });
  const app = await createApp({ ...store, createAdminKey: false });
  let accepted = 0;
  let duplicates = 0;
  try {
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      const result = await app.services.ingest.ingest({
        messages: chunk.map((c) => c.message),
        receivedAt: Date.now(),
      });
      accepted += result.accepted;
      duplicates += result.duplicates;
      for (const item of result.results) {
        if (item.status === "rejected" && item.error !== undefined) {
          errors.push({ line: chunk[item.index]?.line ?? 0, ...item.error });
        }
      }
    }
  } finally {
    await app.close();
  }
  errors.sort((a, b) => a.line - b.line);
  io.stdout(
    `${JSON.stringify({ linesTotal: items.length + errors.filter((e) => e.code === "invalid_json").length, accepted, duplicates, failed: errors.length, errors })}\n`,
  );
  return errors.length === 0 ? 0 : 1;
}

/** `leadscore import leads <csv> [--map trait=Column,…]` | `leadscore import events <ndjson>`, both `--db <f>`. */
export const command: CliCommand = async (argv, io) => {
  const [what, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { ...STORE_OPTIONS, map: { type: "string" } },
  });
  const [file] = positionals;
  if (file === undefined) throw new UsageError("import needs a file");
  const text = await readFile(resolve(io.cwd, file), "utf8");
  const store = storeFrom(values, io);
  if (what === "events") return importEvents(text, store, io);
  if (what !== "leads")
    throw new UsageError(`unknown import "${what ?? ""}"; expected leads or events`);
  const mapping = parseMapping(values.map);
  const app = await createApp({ ...store, createAdminKey: false });
  try {
    const report = await app.running.importLeadsCsv(text, mapping);
    io.stdout(`${JSON.stringify(report)}\n`);
    return report.failed === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
};
