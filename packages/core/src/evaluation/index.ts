export { auc, type ScoredOutcome } from "./auc.ts";
export {
  type BacktestLead,
  type BacktestOptions,
  type BacktestReport,
  backtestModel,
  compareBacktests,
  type HistoryOfLead,
  type LeadChange,
} from "./backtest.ts";
export {
  type BandDefinition,
  type BandRow,
  bandMetrics,
  conversionBy,
  type GroupConversion,
} from "./band-metrics.ts";
export { type CalibrationBin, calibration } from "./calibration.ts";
export { type EvaluatedLead, type EvaluationReport, evaluateScores } from "./evaluate-scores.ts";
export {
  type FeedbackBandRow,
  type FeedbackMark,
  type FeedbackReport,
  feedbackReport,
} from "./feedback-report.ts";
export {
  computeFunnel,
  FUNNEL_STAGES,
  type FunnelReport,
  type FunnelStage,
  type FunnelStep,
  type StageJourney,
} from "./funnel.ts";
export { type DecileRow, gainsByDecile } from "./gains.ts";
