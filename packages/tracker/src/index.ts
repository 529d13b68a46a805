export type { LoadOptions, TrackerApi, TrackerMessage } from "./browser/types.ts";
export { type BuiltTracker, buildTracker, trackerGzipBudgetBytes } from "./build-tracker.ts";
