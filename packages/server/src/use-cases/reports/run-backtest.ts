import {
  type BacktestLead,
  type BacktestOptions,
  type BacktestReport,
  backtestModel,
  evaluateScores,
  type FeedbackMark,
  type HistoryOfLead,
  scoreLead,
} from "@leadscore/core";
import type { FeedbackRow } from "../../ports/store.ts";
import { historyFor, type LeadRecord } from "../lead-book.ts";
import type { ResolvedModel } from "./resolve-model-ref.ts";

/** Leads replayed between two turns of the event loop, so ingest keeps answering during a backtest. */
export const LEADS_PER_SLICE = 2000;

export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));

function* historiesOf(leads: readonly LeadRecord[], modelId: string): Iterable<HistoryOfLead> {
  for (const lead of leads) yield { leadId: lead.id, history: historyFor(lead, modelId) };
}

/**
 * core's `backtestModel` over the leads in slices, merged into one report: leads, months and
 * missed wins add up per slice; the evaluation is computed once over all scored leads.
 */
export async function runBacktest(
  leads: readonly LeadRecord[],
  resolved: ResolvedModel,
  options: BacktestOptions,
): Promise<BacktestReport> {
  const { model, compiled } = resolved;
  const scored: BacktestLead[] = [];
  const mqlsPerMonth: Record<string, number> = {};
  const missedWins: string[] = [];
  let skipped = 0;
  for (let start = 0; start < leads.length; start += LEADS_PER_SLICE) {
    if (start > 0) await yieldToEventLoop();
    const slice = leads.slice(start, start + LEADS_PER_SLICE);
    const part = backtestModel(model, compiled, historiesOf(slice, model.id), options);
    scored.push(...part.leads);
    for (const [month, count] of Object.entries(part.mqlsPerMonth)) {
      mqlsPerMonth[month] = (mqlsPerMonth[month] ?? 0) + count;
    }
    missedWins.push(...part.missedWins);
    skipped += part.skipped;
  }
  return {
    modelId: model.id,
    evaluation: evaluateScores(scored, model.bands, model.scale),
    leads: scored,
    mqlsPerMonth,
    missedWins,
    skipped,
  };
}

/**
 * Each lead's latest mark meant for this model (or for no model in particular), with the score the
 * model gives the lead at the mark's time: what the rep saw, with nothing later leaking in.
 */
export function feedbackMarks(
  rows: readonly FeedbackRow[],
  leadOf: (leadId: string) => LeadRecord | null,
  resolved: ResolvedModel,
): FeedbackMark[] {
  const latest = new Map<string, { row: FeedbackRow; lead: LeadRecord }>();
  for (const row of rows) {
    if (row.model !== null && row.model !== resolved.model.id) continue;
    const lead = leadOf(row.leadId);
    if (lead === null) continue;
    const known = latest.get(lead.id);
    if (known === undefined || known.row.at <= row.at) latest.set(lead.id, { row, lead });
  }
  return [...latest.values()].map(({ row, lead }) => ({
    score: scoreLead(resolved.compiled, historyFor(lead, resolved.model.id), row.at).score,
    verdict: row.verdict,
  }));
}
