import {
  type BacktestOptions,
  type BacktestReport,
  compareBacktests,
  computeFunnel,
  feedbackReport,
} from "@leadscore/core";
import type { FieldProblem, ServiceResult } from "../app-services.ts";
import { type LeadRecord, leadName } from "../lead-book.ts";
import { invalid, ok } from "../lead-views.ts";
import type { ServiceState } from "../service-state.ts";
import { FunnelJourneys } from "./funnel-journeys.ts";
import type {
  BacktestInput,
  BacktestLeadChange,
  BacktestModelReport,
  BacktestResult,
  FunnelQuery,
  FunnelResult,
  ReportService,
} from "./report-api.ts";
import { ModelResolver, type ResolvedModel } from "./resolve-model-ref.ts";
import { feedbackMarks, runBacktest } from "./run-backtest.ts";

const DEFAULT_OUTCOMES = ["deal.won"];
/** Backtests are kept this long for the same data, so switching tabs or languages is instant. */
const BACKTEST_CACHE_MS = 60_000;
const BACKTEST_CACHE_ENTRIES = 16;
/** Changed leads listed in a comparison; the total is always given. */
const CHANGE_SAMPLE = 50;

interface CachedBacktest {
  readonly fingerprint: string;
  readonly at: number;
  readonly report: BacktestReport;
}

/** Cheap proof that the history is unchanged: leads only gain events; merges and erasures drop leads. */
function fingerprintOf(leads: readonly LeadRecord[]): string {
  let events = 0;
  for (const lead of leads) events += lead.events.length;
  return `${leads.length}:${events}`;
}

function labelOf(lead: LeadRecord | undefined): string | null {
  if (lead === undefined) return null;
  return leadName(lead) ?? lead.email ?? lead.userId;
}

export class ReportServiceImpl implements ReportService {
  readonly #state: ServiceState;
  readonly #resolver: ModelResolver;
  readonly #backtests = new Map<string, CachedBacktest>();
  readonly #funnels = new Map<string, FunnelJourneys>();

  constructor(state: ServiceState) {
    this.#state = state;
    this.#resolver = new ModelResolver(() => state.versions);
  }

  async backtest(input: BacktestInput): Promise<ServiceResult<BacktestResult>> {
    const now = this.#state.now();
    if (input.cutoff > now) return invalid("/cutoff", "the cutoff must not be in the future");
    const resolved: ResolvedModel[] = [];
    const problems: FieldProblem[] = [];
    input.models.forEach((ref, index) => {
      const result = this.#resolver.resolve(ref, `/models/${index}`);
      if (result.ok) resolved.push(result.value);
      else problems.push(...(result.error.errors ?? []));
    });
    if (problems.length > 0) {
      const detail = `${problems.length} problem(s) with the models to backtest`;
      return { ok: false, error: { code: "invalid", detail, errors: problems } };
    }
    const outcomeEvents = input.outcomeEvents ?? DEFAULT_OUTCOMES;
    const options: BacktestOptions = {
      cutoff: input.cutoff,
      horizonMs: input.horizonMs,
      outcomeEvents,
    };
    const leads = [...this.#state.book.leads.values()];
    const fingerprint = fingerprintOf(leads);
    const reports: BacktestReport[] = [];
    for (const model of resolved) {
      reports.push(await this.#backtestOne(leads, model, options, fingerprint, now));
    }
    const feedback = await this.#state.store.allFeedback();
    const models = reports.map((report, index): BacktestModelReport => {
      const { model, version } = resolved[index]!;
      const marks = feedbackMarks(feedback, (id) => this.#state.findLead(id), resolved[index]!);
      return {
        modelId: model.id,
        name: model.name,
        version,
        evaluation: report.evaluation,
        mqlsPerMonth: Object.entries(report.mqlsPerMonth)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([month, count]) => ({ month, count })),
        missedWins: report.missedWins.length,
        skipped: report.skipped,
        feedback: feedbackReport(marks, model.bands),
      };
    });
    const [base, other] = reports;
    return ok({
      cutoff: input.cutoff,
      horizonMs: input.horizonMs,
      outcomeEvents,
      models,
      changes: base !== undefined && other !== undefined ? this.#changes(base, other) : null,
    });
  }

  async #backtestOne(
    leads: readonly LeadRecord[],
    model: ResolvedModel,
    options: BacktestOptions,
    fingerprint: string,
    now: number,
  ): Promise<BacktestReport> {
    const key = JSON.stringify([model.cacheKey, options]);
    const cached = this.#backtests.get(key);
    if (
      cached !== undefined &&
      cached.fingerprint === fingerprint &&
      now - cached.at < BACKTEST_CACHE_MS
    ) {
      return cached.report;
    }
    const report = await runBacktest(leads, model, options);
    this.#backtests.delete(key);
    this.#backtests.set(key, { fingerprint, at: now, report });
    if (this.#backtests.size > BACKTEST_CACHE_ENTRIES) {
      const oldest = this.#backtests.keys().next().value;
      if (oldest !== undefined) this.#backtests.delete(oldest);
    }
    return report;
  }

  #changes(base: BacktestReport, other: BacktestReport): NonNullable<BacktestResult["changes"]> {
    const changes = compareBacktests(base, other);
    const leads = this.#state.book.leads;
    const sample = changes
      .sort(
        (a, b) =>
          Number(b.positive) - Number(a.positive) ||
          Math.abs(b.to.score - b.from.score) - Math.abs(a.to.score - a.from.score),
      )
      .slice(0, CHANGE_SAMPLE)
      .map(
        (change): BacktestLeadChange => ({
          leadId: change.leadId,
          label: labelOf(leads.get(change.leadId)),
          from: change.from,
          to: change.to,
          converted: change.positive,
        }),
      );
    return {
      total: changes.length,
      converted: changes.filter((change) => change.positive).length,
      sample,
    };
  }

  async funnel(query: FunnelQuery): Promise<ServiceResult<FunnelResult>> {
    if (!(query.from < query.to)) return invalid("/from", "from must be before to");
    const resolution = this.#resolver.resolve({ id: query.model }, "");
    if (!resolution.ok) return invalid("/model", `unknown model "${query.model}"`);
    const resolved = resolution.value;
    const outcomeEvents = query.outcomeEvents ?? DEFAULT_OUTCOMES;
    let journeys = this.#funnels.get(query.model);
    if (journeys === undefined || !journeys.matches(resolved, outcomeEvents)) {
      journeys = new FunnelJourneys(resolved, outcomeEvents);
      this.#funnels.set(query.model, journeys);
    }
    const { journeys: all } = await journeys.journeys(
      this.#state.book.leads,
      resolved,
      this.#state.now(),
    );
    return ok({
      modelId: resolved.model.id,
      version: resolved.version ?? 0,
      outcomeEvents,
      ...computeFunnel(all, { from: query.from, to: query.to }),
    });
  }
}
