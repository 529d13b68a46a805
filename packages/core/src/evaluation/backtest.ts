import type { CompiledModel } from "../engine/compile-model.ts";
import { scoreLead } from "../engine/score-lead.ts";
import type { Model } from "../model/model-types.ts";
import { type LeadHistory, STAGE_ORDER, type Stage } from "../types.ts";
import { type EvaluatedLead, type EvaluationReport, evaluateScores } from "./evaluate-scores.ts";

export interface BacktestOptions {
  /** Epoch ms: leads are scored as of this instant; nothing later is seen. */
  readonly cutoff: number;
  readonly horizonMs: number;
  /** Event types that mean "won" (default `deal.won`). */
  readonly outcomeEvents?: readonly string[];
}

export interface HistoryOfLead {
  readonly leadId: string;
  readonly history: LeadHistory;
}

export interface BacktestLead extends EvaluatedLead {
  readonly leadId: string;
}

export interface BacktestReport {
  readonly modelId: string;
  readonly evaluation: EvaluationReport;
  readonly leads: readonly BacktestLead[];
  /** `YYYY-MM` → leads the model's rules first moved to MQL or beyond that month, up to cutoff + horizon. */
  readonly mqlsPerMonth: Readonly<Record<string, number>>;
  /** Leads that converted within the horizon but were below MQL at the cutoff. */
  readonly missedWins: readonly string[];
  /** Leads left out: not yet seen at the cutoff, or already converted by then. */
  readonly skipped: number;
}

const WON_STAGES = new Set<Stage>(["opportunity", "customer"]);
const rank = (stage: Stage) => (stage === "disqualified" ? -1 : STAGE_ORDER.indexOf(stage));
const MQL_RANK = STAGE_ORDER.indexOf("mql");

/** Whether an event marks the outcome: a won-style event, or a move to opportunity/customer. */
function isOutcome(
  type: string,
  properties: Readonly<Record<string, unknown>> | undefined,
  won: ReadonlySet<string>,
) {
  if (won.has(type)) return true;
  const stage = properties?.stage;
  return type === "stage.set" && typeof stage === "string" && WON_STAGES.has(stage as Stage);
}

/**
 * Scores every lead as of the cutoff and checks what happened within the horizon after it: the
 * outcome is read from the events alone, so two models are judged against the same truth.
 * @example backtestModel(model, compileModel(model), histories, { cutoff, horizonMs: 90 * DAY_MS })
 */
export function backtestModel(
  model: Model,
  compiled: CompiledModel,
  histories: Iterable<HistoryOfLead>,
  options: BacktestOptions,
): BacktestReport {
  const won = new Set(options.outcomeEvents ?? ["deal.won"]);
  const end = options.cutoff + options.horizonMs;
  const leads: BacktestLead[] = [];
  const mqlsPerMonth: Record<string, number> = {};
  const missedWins: string[] = [];
  let skipped = 0;
  for (const { leadId, history } of histories) {
    const before = history.events.filter((event) => event.timestamp <= options.cutoff);
    const convertedBefore = before.some((event) => isOutcome(event.type, event.properties, won));
    if (before.length === 0 || convertedBefore) {
      skipped += 1;
      continue;
    }
    const positive = history.events.some(
      (event) =>
        event.timestamp > options.cutoff &&
        event.timestamp <= end &&
        isOutcome(event.type, event.properties, won),
    );
    const atCutoff = scoreLead(compiled, history, options.cutoff);
    leads.push({
      leadId,
      score: atCutoff.score,
      band: atCutoff.band,
      stage: atCutoff.stage,
      positive,
    });
    if (positive && rank(atCutoff.stage) < MQL_RANK) missedWins.push(leadId);
    // Only moves the model's own rules made count as its MQLs; manual moves are history, not the model.
    const firstMql = scoreLead(compiled, history, end).stageHistory.find(
      (change) => change.cause.startsWith("rule") && rank(change.stage) >= MQL_RANK,
    );
    if (firstMql !== undefined) {
      const month = new Date(firstMql.at).toISOString().slice(0, 7);
      mqlsPerMonth[month] = (mqlsPerMonth[month] ?? 0) + 1;
    }
  }
  return {
    modelId: model.id,
    evaluation: evaluateScores(leads, model.bands, model.scale),
    leads,
    mqlsPerMonth,
    missedWins,
    skipped,
  };
}

export interface LeadChange {
  readonly leadId: string;
  readonly from: { readonly score: number; readonly band: string; readonly stage: string };
  readonly to: { readonly score: number; readonly band: string; readonly stage: string };
  readonly positive: boolean;
}

/** The leads whose band or stage at the cutoff differs between two backtests of the same history. */
export function compareBacktests(base: BacktestReport, draft: BacktestReport): LeadChange[] {
  const other = new Map(draft.leads.map((lead) => [lead.leadId, lead]));
  const changes: LeadChange[] = [];
  for (const lead of base.leads) {
    const next = other.get(lead.leadId);
    if (next === undefined || (next.band === lead.band && next.stage === lead.stage)) continue;
    changes.push({
      leadId: lead.leadId,
      from: { score: lead.score, band: lead.band, stage: lead.stage },
      to: { score: next.score, band: next.band, stage: next.stage },
      positive: lead.positive,
    });
  }
  return changes;
}
