import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluateScores, learnPointsModel } from "@leadscore/core";
import { stringify } from "yaml";
import { formatLearnSummary } from "../../evidence/format-learn-summary.ts";
import { listOption } from "../../evidence/list-option.ts";
import { readCsv } from "../../evidence/read-csv.ts";
import { renderEvidenceReport } from "../../evidence/render-evidence-report.ts";
import { scoreCsvRows } from "../../evidence/score-csv-rows.ts";
import { formatModelProblem, parseModelText } from "../../models/load-model-file.ts";
import { type CliCommand, UsageError } from "../cli-io.ts";

const USAGE =
  "usage: learn <csv> --target <column> [--positive <value>] [--exclude <col,…>] [--include <col,…>] [--allow-leaks] [--categorical <col,…>] [--numeric <col,…>] [--out <model.yaml>] [--report <report.html>] [--json]";

/** `leadscore learn`: fits a transparent points model from a CSV of leads with known outcomes. */
export const command: CliCommand = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: "string" },
      positive: { type: "string" },
      exclude: { type: "string", multiple: true },
      include: { type: "string", multiple: true },
      "allow-leaks": { type: "boolean", default: false },
      categorical: { type: "string", multiple: true },
      numeric: { type: "string", multiple: true },
      "segment-by": { type: "string" },
      "no-segment": { type: "boolean", default: false },
      id: { type: "string" },
      name: { type: "string" },
      out: { type: "string" },
      report: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const [csvPath] = positionals;
  if (csvPath === undefined || values.target === undefined) throw new UsageError(USAGE);
  const table = readCsv(await readFile(resolve(io.cwd, csvPath), "utf8"));
  if (!table.ok) {
    io.stderr(`leadscore learn: ${csvPath}: ${table.error.message}\n`);
    return 1;
  }
  const learned = learnPointsModel(table.value.rows, table.value.columns, {
    target: values.target,
    exclude: listOption(values.exclude),
    include: listOption(values.include),
    allowLeaks: values["allow-leaks"],
    categorical: listOption(values.categorical),
    numeric: listOption(values.numeric),
    segment: !values["no-segment"],
    ...(values.positive === undefined ? {} : { positive: values.positive }),
    ...(values["segment-by"] === undefined ? {} : { segmentBy: values["segment-by"] }),
    ...(values.id === undefined ? {} : { id: values.id }),
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  if (!learned.ok) {
    io.stderr(`leadscore learn: ${learned.error.message}\n`);
    return 1;
  }
  const report = learned.value;
  const yamlText = stringify(report.model, { lineWidth: 0, aliasDuplicateObjects: false });
  // The written file must be one the engine accepts; anything else is a bug worth stopping for.
  const checked = parseModelText(yamlText, values.out ?? "learned model");
  if (!checked.ok) {
    for (const problem of checked.error) io.stderr(`${formatModelProblem(problem)}\n`);
    return 1;
  }
  if (values.out !== undefined) await writeFile(resolve(io.cwd, values.out), yamlText);
  if (values.report !== undefined) {
    const scoring = scoreCsvRows(checked.value, table.value.rows, values.target, values.positive);
    const html = renderEvidenceReport({
      title: `${report.model.name} — learned from ${csvPath} (training rows)`,
      evaluation: evaluateScores(scoring.leads, checked.value.bands, checked.value.scale),
      sections: [
        {
          heading: "Columns",
          header: ["column", "use", "levels", "AUC alone", "note"],
          rows: report.columns.map((column) => [
            column.column,
            column.use,
            column.levels === undefined ? "" : String(column.levels),
            column.aloneAuc == null ? "" : column.aloneAuc.toFixed(3),
            column.reason ?? "",
          ]),
        },
        {
          heading: "Leak candidates",
          header: ["column", "why", "excluded"],
          rows: report.leaks.map((leak) => [
            leak.column,
            leak.reasons.join("; "),
            leak.excluded ? "yes" : "no (kept)",
          ]),
        },
      ],
    });
    await writeFile(resolve(io.cwd, values.report), html);
  }
  if (values.json) io.stdout(`${JSON.stringify(report)}\n`);
  else if (values.out === undefined) {
    io.stdout(yamlText);
    io.stderr(formatLearnSummary(report));
  } else io.stdout(`${formatLearnSummary(report)}wrote ${values.out}\n`);
  return 0;
};
