import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Model } from "@leadscore/core";
import {
  type BacktestReport,
  backtestModel,
  compareBacktests,
  compileModel,
  type HistoryOfLead,
  parseDuration,
} from "@leadscore/core";
import { createApp } from "../../composition-root.ts";
import { backtestSummary, formatBacktest } from "../../evidence/format-backtest.ts";
import { listOption } from "../../evidence/list-option.ts";
import { formatModelProblem, loadModelFile } from "../../models/load-model-file.ts";
import { historyFor, type LeadRecord } from "../../use-cases/lead-book.ts";
import { type CliCommand, UsageError } from "../cli-io.ts";
import { dbPathFrom } from "./db-option.ts";

const USAGE =
  "usage: backtest --model <file> [--against <file>] --cutoff <date> --horizon <duration> [--outcome <event,…>] [--json] [--db <file>]";

function* historiesOf(leads: Iterable<LeadRecord>, model: Model): Iterable<HistoryOfLead> {
  for (const lead of leads) yield { leadId: lead.id, history: historyFor(lead, model.id) };
}

/** `leadscore backtest`: scores the stored history as of a cutoff and checks what converted after it. */
export const command: CliCommand = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" },
      against: { type: "string" },
      cutoff: { type: "string" },
      horizon: { type: "string" },
      outcome: { type: "string", multiple: true },
      json: { type: "boolean", default: false },
      db: { type: "string" },
    },
  });
  if (values.model === undefined || values.cutoff === undefined || values.horizon === undefined) {
    throw new UsageError(USAGE);
  }
  const cutoff = Date.parse(values.cutoff);
  const horizonMs = parseDuration(values.horizon);
  if (Number.isNaN(cutoff)) throw new UsageError(`--cutoff "${values.cutoff}" is not a date`);
  if (horizonMs === undefined)
    throw new UsageError(`--horizon "${values.horizon}" is not a duration such as 90d`);
  const models: Model[] = [];
  for (const path of [values.model, values.against]) {
    if (path === undefined) continue;
    const loaded = await loadModelFile(resolve(io.cwd, path));
    if (!loaded.ok) {
      for (const problem of loaded.error) io.stderr(`${formatModelProblem(problem)}\n`);
      return 1;
    }
    models.push(loaded.value);
  }
  const outcomes = listOption(values.outcome);
  const options = {
    cutoff,
    horizonMs,
    ...(outcomes.length > 0 ? { outcomeEvents: outcomes } : {}),
  };
  const app = await createApp({ dbPath: dbPathFrom(values.db, io), createAdminKey: false });
  let reports: BacktestReport[];
  try {
    const leads = [...app.running.state.book.leads.values()];
    reports = models.map((model) =>
      backtestModel(model, compileModel(model), historiesOf(leads, model), options),
    );
  } finally {
    await app.close();
  }
  const [base, draft] = reports;
  const changes =
    base !== undefined && draft !== undefined ? compareBacktests(base, draft) : undefined;
  if (values.json) {
    const result = {
      cutoff: new Date(cutoff).toISOString(),
      horizonMs,
      models: reports.map(backtestSummary),
      ...(changes === undefined ? {} : { changes }),
    };
    io.stdout(`${JSON.stringify(result)}\n`);
  } else io.stdout(formatBacktest(reports, changes));
  return 0;
};
