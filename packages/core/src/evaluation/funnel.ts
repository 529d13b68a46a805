import { STAGE_ORDER, type Stage } from "../types.ts";

/** The stages a lead went through under one model (from a replay), and when it was first won. */
export interface StageJourney {
  /** Stage changes in time order, as `scoreLead` lists them in `stageHistory`. */
  readonly changes: readonly { readonly stage: Stage; readonly at: number }[];
  /** Epoch ms of the first won-style outcome event (`deal.won`), or null. */
  readonly wonAt: number | null;
}

export const FUNNEL_STAGES = ["lead", "mql", "sql", "opportunity", "customer"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface FunnelStep {
  readonly stage: FunnelStage;
  /** Cohort leads that reached this stage or a later one before the period ended (skipping is normal). */
  readonly reached: number;
  /** `reached` over the previous step's; null for the first step or after an empty one. */
  readonly conversionFromPrevious: number | null;
  /** `reached` over the cohort; null for an empty cohort. */
  readonly conversionFromCohort: number | null;
  /** Cohort leads in this stage when the period ended. */
  readonly current: number;
  /** Median time spent in this stage by the visits that moved on before the period ended (passing through at one instant is not a visit). */
  readonly medianTimeInStageMs: number | null;
  /** Visits the median is over. */
  readonly movedOn: number;
}

export interface FunnelReport {
  readonly from: number;
  readonly to: number;
  /** Leads that became leads (identified) within [from, to). */
  readonly cohort: number;
  readonly steps: readonly FunnelStep[];
  /** Cohort leads disqualified when the period ended. */
  readonly disqualified: number;
  /** Cohort leads with a won outcome before the period ended. */
  readonly won: number;
}

const rankOf = (stage: Stage): number =>
  stage === "disqualified" ? -1 : STAGE_ORDER.indexOf(stage);
const CUSTOMER_RANK = STAGE_ORDER.indexOf("customer");
const LEAD_RANK = STAGE_ORDER.indexOf("lead");

function median(list: readonly number[]): number | null {
  if (list.length === 0) return null;
  const values = Float64Array.from(list).sort();
  const middle = values.length >> 1;
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/**
 * A cohort funnel: the leads that became leads within [from, to), how far each got before `to`,
 * where they stood at `to`, and the median time spent in each stage. A won outcome counts as
 * reaching customer (the backtest's definition of converted), since few models have a rule for it.
 * @example computeFunnel(journeys, { from: Date.parse("2026-01-01"), to: Date.parse("2026-04-01") })
 */
export function computeFunnel(
  journeys: Iterable<StageJourney>,
  period: { readonly from: number; readonly to: number },
): FunnelReport {
  const { from, to } = period;
  const reached = new Array<number>(STAGE_ORDER.length).fill(0);
  const current = new Array<number>(STAGE_ORDER.length).fill(0);
  const durations: number[][] = STAGE_ORDER.map(() => []);
  let cohort = 0;
  let disqualified = 0;
  let won = 0;
  for (const journey of journeys) {
    const changes = journey.changes;
    let first = 0;
    while (first < changes.length && changes[first]!.stage === "anonymous") first += 1;
    const entered = changes[first];
    if (entered === undefined || entered.at < from || entered.at >= to) continue;
    cohort += 1;
    const wonAt = journey.wonAt !== null && journey.wonAt < to ? journey.wonAt : Infinity;
    let wonPending = wonAt !== Infinity;
    if (wonPending) won += 1;
    let rank = 0;
    let since = entered.at;
    let highest = LEAD_RANK;
    for (let index = first; index <= changes.length; index += 1) {
      const change = changes[index];
      const at = change === undefined || change.at >= to ? Infinity : change.at;
      // A won deal that comes before the next change is a move to customer, unless already there.
      let wonFirst = false;
      if (wonPending && wonAt < at) {
        wonPending = false;
        wonFirst = rank < CUSTOMER_RANK;
      }
      const nextAt = wonFirst ? wonAt : at;
      if (nextAt === Infinity) break;
      // A stage left at the instant it was entered (identified and qualified by one event) was passed through, not spent in.
      if (rank >= LEAD_RANK && nextAt > since) durations[rank]!.push(nextAt - since);
      rank = wonFirst ? CUSTOMER_RANK : rankOf(change!.stage);
      since = nextAt;
      if (rank > highest) highest = rank;
      if (wonFirst) index -= 1;
    }
    for (let step = LEAD_RANK; step <= highest; step += 1) reached[step]! += 1;
    if (rank < 0) disqualified += 1;
    else current[rank]! += 1;
  }
  const steps = FUNNEL_STAGES.map((stage, index): FunnelStep => {
    const rank = rankOf(stage);
    const count = reached[rank]!;
    const previous = index === 0 ? 0 : reached[rank - 1]!;
    return {
      stage,
      reached: count,
      conversionFromPrevious: index === 0 || previous === 0 ? null : count / previous,
      conversionFromCohort: cohort === 0 ? null : count / cohort,
      current: current[rank]!,
      medianTimeInStageMs: median(durations[rank]!),
      movedOn: durations[rank]!.length,
    };
  });
  return { from, to, cohort, steps, disqualified, won };
}
