import type { BacktestModelReport } from "../../../src/api/api-types.ts";
import type { Translate } from "../../../src/i18n/translate.ts";

/** `saas-main v3` or `saas-main (draft)`; the same id twice is told apart by its version. */
export function modelLabel(report: BacktestModelReport, t: Translate): string {
  return report.version === null
    ? t("report.draftOf", { model: report.modelId })
    : t("report.modelVersion", { model: report.modelId, version: report.version });
}
