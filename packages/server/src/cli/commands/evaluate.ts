import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluateScores } from "@leadscore/core";
import { formatEvaluation } from "../../evidence/format-evaluation.ts";
import { readCsv } from "../../evidence/read-csv.ts";
import { renderEvidenceReport } from "../../evidence/render-evidence-report.ts";
import { scoreCsvRows } from "../../evidence/score-csv-rows.ts";
import { formatModelProblem, loadModelFile } from "../../models/load-model-file.ts";
import { type CliCommand, UsageError } from "../cli-io.ts";

/** `leadscore evaluate <csv> --model <file> --target <column> [--positive <v>] [--json] [--report <html>]` */
export const command: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: "string" },
      target: { type: "string" },
      positive: { type: "string" },
      json: { type: "boolean", default: false },
      report: { type: "string" },
    },
  });
  const [csvPath] = positionals;
  if (csvPath === undefined || values.model === undefined || values.target === undefined) {
    throw new UsageError(
      "usage: evaluate <csv> --model <model.yaml> --target <column> [--positive <value>] [--json]",
    );
  }
  const loaded = await loadModelFile(resolve(io.cwd, values.model));
  if (!loaded.ok) {
    for (const problem of loaded.error) io.stderr(`${formatModelProblem(problem)}\n`);
    return 1;
  }
  const table = readCsv(await readFile(resolve(io.cwd, csvPath), "utf8"));
  if (!table.ok) {
    io.stderr(`leadscore evaluate: ${csvPath}: ${table.error.message}\n`);
    return 1;
  }
  if (!table.value.columns.includes(values.target)) {
    io.stderr(`leadscore evaluate: ${csvPath} has no column "${values.target}"\n`);
    return 1;
  }
  const model = loaded.value;
  const scoring = scoreCsvRows(model, table.value.rows, values.target, values.positive);
  const evaluation = evaluateScores(scoring.leads, model.bands, model.scale);
  if (values.report !== undefined) {
    const html = renderEvidenceReport({
      title: `${model.name} — evaluation on ${csvPath}`,
      evaluation,
    });
    await writeFile(resolve(io.cwd, values.report), html);
  }
  const result = { model: model.id, rowsWithoutOutcome: scoring.rowsWithoutOutcome, ...evaluation };
  io.stdout(values.json ? `${JSON.stringify(result)}\n` : formatEvaluation(evaluation));
  return 0;
};
