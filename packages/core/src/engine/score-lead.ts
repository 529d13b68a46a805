import type {
  LeadEvent,
  LeadHistory,
  LeadModelState,
  LedgerLine,
  Stage,
  StageChange,
} from "../types.ts";
import type { CompiledEngagementRule, CompiledModel } from "./compile-model.ts";
import { halfLifeFactor, stepDeduction } from "./decay.ts";
import { readField } from "./field-values.ts";
import { NEVER } from "./incremental-state.ts";
import { replay, scoreAt } from "./replay.ts";
import type { StepRecorder } from "./step-event.ts";

interface Hit {
  readonly rule: CompiledEngagementRule;
  readonly event: LeadEvent;
  readonly basePoints: number;
  readonly points: number;
}

class LedgerRecorder implements StepRecorder {
  readonly hits: Hit[] = [];
  readonly deductions: { group: number; fromAt: number; toAt: number; points: number }[] = [];
  readonly stages: StageChange[] = [];

  hit(rule: CompiledEngagementRule, event: LeadEvent, basePoints: number, points: number): void {
    this.hits.push({ rule, event, basePoints, points });
  }

  deduct(group: number, fromAt: number, toAt: number, points: number): void {
    this.deductions.push({ group, fromAt, toAt, points });
  }

  stage(stage: Stage, from: Stage, at: number, cause: string, event: LeadEvent): void {
    const reason = cause === "manual" ? readField(event.properties, "reason") : undefined;
    this.stages.push({
      stage,
      from,
      at,
      cause,
      messageId: event.messageId,
      ...(typeof reason === "string" ? { reason } : {}),
    });
  }
}

const DAY_MS = 86_400_000;

/**
 * Scores one lead under one model at `at` by replaying its whole history, with the ledger that explains it.
 * A pure function of (model, history, at): events after `at` do not count, duplicates count once.
 * @example
 * const state = scoreLead(compileModel(model), { events, traits }, Date.parse("2026-05-01T00:00:00Z"));
 * state.ledger.reduce((sum, line) => sum + line.points, 0); // ≈ state.rawScore
 */
export function scoreLead(
  compiled: CompiledModel,
  history: LeadHistory,
  at: number,
): LeadModelState {
  const recorder = new LedgerRecorder();
  const { state, traits, events } = replay(compiled, history, at, recorder);
  const totals = scoreAt(compiled, state, at);
  const ledger: LedgerLine[] = [];
  const input = compiled.scratch;
  input.traits = traits;
  for (const rule of compiled.fitRules) {
    if (!rule.test(input)) continue;
    const points = rule.points(traits);
    ledger.push({ kind: "fit", ruleId: rule.id, points, basePoints: points, traits: rule.traits });
  }
  for (const { rule, event, basePoints, points } of recorder.hits) {
    const decay = compiled.decayGroups[rule.decayGroup]!;
    const decayFactor = halfLifeFactor(decay, at - event.timestamp);
    ledger.push({
      kind: "engagement",
      ruleId: rule.id,
      points: points * decayFactor,
      basePoints,
      messageId: event.messageId,
      eventType: event.type,
      occurredAt: event.timestamp,
      decayFactor,
      ...(points !== basePoints
        ? { cappedPoints: basePoints - points, note: "limit reached" }
        : {}),
    });
  }
  const deductions = [...recorder.deductions];
  const lastActivityAt = state.lastActivityAt === NEVER ? null : state.lastActivityAt;
  if (lastActivityAt !== null) {
    compiled.decayGroups.forEach((decay, group) => {
      const value = state.accumulator(group);
      if (decay.kind !== "step" || value <= 0) return;
      const points = Math.min(value, stepDeduction(decay, at - lastActivityAt));
      if (points > 0) deductions.push({ group, fromAt: lastActivityAt, toAt: at, points });
    });
  }
  for (const { fromAt, toAt, points } of deductions) {
    const idleDays = Math.round(((toAt - fromAt) / DAY_MS) * 10) / 10;
    ledger.push({
      kind: "decay",
      ruleId: "decay",
      points: -points,
      basePoints: -points,
      occurredAt: toAt,
      note: `no activity for ${idleDays} days`,
    });
  }
  if (totals.rawScore !== totals.total) {
    const { min, max } = compiled.model.scale;
    ledger.push({
      kind: "clamp",
      ruleId: "clamp",
      points: totals.rawScore - totals.total,
      basePoints: 0,
      note: `clamped into the scale ${min}–${max}`,
    });
  }
  const initial: StageChange[] =
    history.identified === true
      ? [{ stage: "lead", from: "anonymous", at: events[0]?.timestamp ?? at, cause: "import" }]
      : [];
  return {
    modelId: compiled.id,
    score: totals.score,
    rawScore: totals.rawScore,
    fit: totals.fit,
    engagement: totals.engagement,
    band: totals.band,
    stage: state.stage,
    stageHistory: [...initial, ...recorder.stages],
    ledger,
    lastActivityAt,
  };
}
