// Time to learn a points model from 45,000 rows × 20 columns (12 numbers, 8 categories), CSV text
// in: parse, profile, bin, fit, round, propose bands. Target: under 5 s. Prints one JSON object.
import { learnPointsModel, seededRandom as random } from "@leadscore/core";
import { readCsv } from "../packages/server/src/evidence/read-csv.ts";

const ROWS = 45_000;
const NUMERIC = 12;
const CATEGORICAL = 8;

function generateCsv(): string {
  const next = random(2026);
  const header = [
    ...Array.from({ length: NUMERIC }, (_, i) => `n${i}`),
    ...Array.from({ length: CATEGORICAL }, (_, i) => `c${i}`),
    "converted",
  ];
  const lines = [header.join(";")];
  for (let row = 0; row < ROWS; row += 1) {
    const numbers = Array.from({ length: NUMERIC }, () => Math.round(-Math.log(next()) * 100) / 10);
    const categories = Array.from(
      { length: CATEGORICAL },
      (_, i) => `v${Math.floor(next() * (3 + i * 2))}`,
    );
    const eta =
      -2.5 +
      0.3 * numbers[0]! -
      0.2 * numbers[1]! +
      (categories[0] === "v1" ? 1 : 0) +
      0.4 * Math.sin(numbers[2]!);
    const converted = next() < 1 / (1 + Math.exp(-eta));
    // A few missing and placeholder cells, as CRM exports have.
    if (next() < 0.05) categories[3] = "Select";
    lines.push([...numbers.map(String), ...categories, converted ? "yes" : "no"].join(";"));
  }
  return lines.join("\r\n");
}

const text = generateCsv();
const started = performance.now();
const table = readCsv(text);
if (!table.ok) throw new Error(table.error.message);
const parsedAt = performance.now();
const learned = learnPointsModel(table.value.rows, table.value.columns, { target: "converted" });
const finishedAt = performance.now();
if (!learned.ok) throw new Error(learned.error.message);
const seconds = (finishedAt - started) / 1000;
console.log(
  JSON.stringify({
    bench: "learn",
    rows: ROWS,
    columns: NUMERIC + CATEGORICAL,
    parseSeconds: Number(((parsedAt - started) / 1000).toFixed(3)),
    learnSeconds: Number(((finishedAt - parsedAt) / 1000).toFixed(3)),
    totalSeconds: Number(seconds.toFixed(3)),
    targetSeconds: 5,
    withinTarget: seconds < 5,
    fitRules: learned.value.model.fit.length,
    trainingAuc: Number((learned.value.training.auc ?? 0).toFixed(4)),
  }),
);
