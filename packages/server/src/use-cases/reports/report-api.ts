// The reports part of the transport interface (AppServices.reports): backtests and the funnel over
// the stored history. Plain types; transports map their schemas to these.
import type { EvaluationReport, FeedbackReport, FunnelReport } from "@leadscore/core";
import type { ServiceResult } from "../app-services.ts";

/** A published model (its current version, or the one named) or a draft document. */
export type ModelRef =
  | { readonly id: string; readonly version?: number }
  | { readonly document: unknown };

export interface BacktestInput {
  /** One model, or two to compare on the same history (the first is the base). */
  readonly models: readonly ModelRef[];
  /** Epoch ms: leads are scored as of this instant. */
  readonly cutoff: number;
  readonly horizonMs: number;
  /** Event types that mean won (default `deal.won`). */
  readonly outcomeEvents?: readonly string[];
}

export interface BacktestModelReport {
  readonly modelId: string;
  readonly name: string;
  /** The published version backtested, or null for a draft. */
  readonly version: number | null;
  readonly evaluation: EvaluationReport;
  readonly mqlsPerMonth: readonly { readonly month: string; readonly count: number }[];
  /** Leads that converted within the horizon while below MQL at the cutoff. */
  readonly missedWins: number;
  readonly skipped: number;
  /** Sales feedback marks against the score the model gave when each mark was made. */
  readonly feedback: FeedbackReport;
}

export interface BacktestLeadChange {
  readonly leadId: string;
  /** Name, email or user id, for people to recognise the lead. */
  readonly label: string | null;
  readonly from: { readonly score: number; readonly band: string; readonly stage: string };
  readonly to: { readonly score: number; readonly band: string; readonly stage: string };
  readonly converted: boolean;
}

export interface BacktestResult {
  readonly cutoff: number;
  readonly horizonMs: number;
  readonly outcomeEvents: readonly string[];
  readonly models: readonly BacktestModelReport[];
  /** With two models: the leads whose band or stage at the cutoff differs (converted ones first). */
  readonly changes: {
    readonly total: number;
    readonly converted: number;
    readonly sample: readonly BacktestLeadChange[];
  } | null;
}

export interface FunnelQuery {
  readonly model: string;
  readonly from: number;
  readonly to: number;
  readonly outcomeEvents?: readonly string[];
}

export interface FunnelResult extends FunnelReport {
  readonly modelId: string;
  readonly version: number;
  readonly outcomeEvents: readonly string[];
}

export interface ReportService {
  /** `invalid` names the field: an unknown model or version, a draft's problems, a future cutoff. */
  backtest(input: BacktestInput): Promise<ServiceResult<BacktestResult>>;
  funnel(query: FunnelQuery): Promise<ServiceResult<FunnelResult>>;
}
