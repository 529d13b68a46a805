import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { LeadSummary } from "../../use-cases/app-services.ts";
import type { CliCommand } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";
import { STORE_OPTIONS, storeFrom } from "./db-option.ts";

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(lead: LeadSummary, models: readonly string[]): unknown[] {
  const base = [
    lead.id,
    lead.userId,
    lead.email,
    lead.name,
    lead.company,
    new Date(lead.createdAt).toISOString(),
    lead.lastActivityAt === null ? null : new Date(lead.lastActivityAt).toISOString(),
  ];
  const scores = models.flatMap((m) => {
    const s = lead.models[m];
    return [s?.score, s?.band, s?.stage, s?.grade];
  });
  return [...base, ...scores];
}

/** `leadscore export leads [--format csv|ndjson] --db <f>`: every lead with its per-model score, to stdout. */
export const command: CliCommand = async (argv, io) => {
  const [what, ...rest] = argv;
  if (what !== "leads") throw new UsageError(`unknown export "${what ?? ""}"; expected leads`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { ...STORE_OPTIONS, format: { type: "string", default: "csv" } },
  });
  if (values.format !== "csv" && values.format !== "ndjson")
    throw new UsageError("--format is csv or ndjson");
  const app = await createApp({ ...storeFrom(values, io), createAdminKey: false });
  try {
    const models = (await app.services.models.list()).map((m) => m.id);
    if (values.format === "csv") {
      const header = [
        "id",
        "userId",
        "email",
        "name",
        "company",
        "createdAt",
        "lastActivityAt",
        ...models.flatMap((m) => [`${m}.score`, `${m}.band`, `${m}.stage`, `${m}.grade`]),
      ];
      io.stdout(`${header.map(csvCell).join(",")}\n`);
    }
    let cursor: string | undefined;
    for (;;) {
      const page = await app.services.leads.list({
        sort: "-activity",
        limit: 100,
        ...(cursor === undefined ? {} : { startingAfter: cursor }),
      });
      if (!page.ok) throw new Error(page.error.detail);
      for (const lead of page.value.data) {
        io.stdout(
          values.format === "csv"
            ? `${row(lead, models).map(csvCell).join(",")}\n`
            : `${JSON.stringify(lead)}\n`,
        );
      }
      if (!page.value.hasMore || page.value.nextCursor === null) break;
      cursor = page.value.nextCursor;
    }
    return 0;
  } finally {
    await app.close();
  }
};
