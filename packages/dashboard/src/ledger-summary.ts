import type { LedgerLine } from "./api/api-types.ts";

export interface LedgerSummary {
  /** Sum of every line's points: equals the explanation's rawScore. */
  readonly totalPoints: number;
  readonly byKind: Readonly<Record<LedgerLine["kind"], number>>;
  /** True when the lines add up to `rawScore` (to a hundredth of a point). */
  readonly addsUp: boolean;
}

export function summariseLedger(ledger: readonly LedgerLine[], rawScore: number): LedgerSummary {
  const byKind = { fit: 0, engagement: 0, decay: 0, clamp: 0 };
  let totalPoints = 0;
  for (const line of ledger) {
    byKind[line.kind] += line.points;
    totalPoints += line.points;
  }
  return { totalPoints, byKind, addsUp: Math.abs(totalPoints - rawScore) < 0.005 };
}

/** Biggest contributions first, so the "why" reads from the top; ties keep server order. */
export function sortLedgerByImpact(ledger: readonly LedgerLine[]): LedgerLine[] {
  return ledger
    .map((line, index) => ({ line, index }))
    .sort((a, b) => Math.abs(b.line.points) - Math.abs(a.line.points) || a.index - b.index)
    .map(({ line }) => line);
}
