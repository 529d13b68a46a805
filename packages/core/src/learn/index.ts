export { binEdges, binIndex, niceEdge } from "./bin-numeric.ts";
export { detectLeak, LEAK_AUC_THRESHOLD, type LeakWarning } from "./detect-leaks.ts";
export {
  type ColumnReport,
  type LearnedModelDocument,
  type LearnOptions,
  type LearnProblem,
  type LearnReport,
  learnPointsModel,
} from "./learn-points-model.ts";
export { fitLogistic, type LogisticFit, type OneHotDesign } from "./logistic-regression.ts";
export { type ProposedBand, proposeBands } from "./propose-bands.ts";
export type { ConditionDocument, FitRuleDocument } from "./to-points.ts";
export { type CellValue, isPositiveOutcome, rowToTraits, toTraitValue } from "./trait-value.ts";
