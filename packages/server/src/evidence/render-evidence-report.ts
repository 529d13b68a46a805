import type { EvaluationReport } from "@leadscore/core";
import { barChart, escapeHtml, gainsChart } from "./svg-charts.ts";

export interface ReportSection {
  readonly heading: string;
  readonly rows: readonly (readonly string[])[];
  readonly header: readonly string[];
}

export interface EvidenceReportInput {
  readonly title: string;
  readonly evaluation: EvaluationReport;
  /** A second model's evaluation on the same leads, drawn beside the first. */
  readonly against?: { readonly name: string; readonly evaluation: EvaluationReport };
  readonly sections?: readonly ReportSection[];
}

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

function table(section: ReportSection): string {
  const head = section.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("");
  const body = section.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<h2>${escapeHtml(section.heading)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function summary(evaluation: EvaluationReport): ReportSection {
  return {
    heading: "Bands",
    header: [
      "band",
      "from",
      "leads",
      "conversions",
      "conversion",
      "precision at or above",
      "recall at or above",
    ],
    rows: evaluation.bands.map((band) => [
      band.name,
      String(band.from),
      String(band.rows),
      String(band.positives),
      percent(band.conversion),
      percent(band.atOrAbove.precision),
      percent(band.atOrAbove.recall),
    ]),
  };
}

/** A self-contained HTML page (inline CSS and SVG only) with the evaluation's figures and charts. */
export function renderEvidenceReport(input: EvidenceReportInput): string {
  const { evaluation, against } = input;
  const gains = [
    { name: "this model", gains: evaluation.deciles.map((decile) => decile.cumulativeGain) },
  ];
  if (against !== undefined) {
    gains.push({
      name: against.name,
      gains: against.evaluation.deciles.map((decile) => decile.cumulativeGain),
    });
  }
  const charts = [
    gainsChart(gains),
    barChart(
      "Conversion per band",
      evaluation.bands.map((band) => ({ label: band.name, value: band.conversion })),
      "band",
    ),
    barChart(
      "Calibration: conversion per score range",
      evaluation.calibration.map((bin) => ({
        label: `${Math.round(bin.from)}`,
        value: bin.conversion,
      })),
      "score from",
    ),
  ];
  const deciles: ReportSection = {
    heading: "Deciles",
    header: ["decile", "leads", "conversions", "conversion", "lift", "cumulative gain"],
    rows: evaluation.deciles.map((decile) => [
      String(decile.decile),
      String(decile.rows),
      decile.positives.toFixed(1),
      percent(decile.conversion),
      decile.lift.toFixed(2),
      percent(decile.cumulativeGain),
    ]),
  };
  const auc = evaluation.auc === null ? "–" : evaluation.auc.toFixed(3);
  const sections = [summary(evaluation), deciles, ...(input.sections ?? [])].map(table).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}figure{display:inline-block;margin:0 1rem 1rem 0}
figcaption{font-weight:600}table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}
th{background:#f4f4f4}.kpi{font-size:1.2rem}</style></head>
<body><h1>${escapeHtml(input.title)}</h1>
<p class="kpi">AUC <b>${auc}</b> · lift in the top decile <b>${evaluation.lift10.toFixed(2)}</b> · ${evaluation.rows} leads, ${evaluation.positives} conversions (${percent(evaluation.conversion)})</p>
${charts.join("\n")}
${sections}
</body></html>
`;
}
