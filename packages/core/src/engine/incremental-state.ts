import type { Stage } from "../types.ts";

/**
 * "Never" for the state's instants. A number, not null, so V8 keeps the fields as in-place doubles: storing a
 * timestamp then allocates nothing, which keeps a million long-lived states out of the garbage collector's way.
 */
export const NEVER = -8_640_000_000_000_000;

/**
 * The per-lead, per-model state of the hot path: small, plain and JSON-serialisable for snapshots.
 * The engine updates it in place; the caller owns it (one per lead per model).
 */
export interface IncrementalState {
  /** Timestamp and messageId of the last event that changed the state: later events must sort after it. */
  lastAt: number;
  lastMessageId: string;
  /** Last event that matched an engagement rule; the accumulators are valued at this instant. */
  lastActivityAt: number;
  fit: number;
  /** Engagement per decay group, valued at `lastActivityAt`. */
  acc: number[];
  /** Counted hits of capped rules still inside their windows, as flat `[capSlot, occurredAt, points, …]`. */
  caps: number[] | null;
  stage: Stage;
  stageAt: number;
  stageCause: string;
  /** Bit set of the stage rules' event conditions met since the last manual stage move. */
  seen: number;
  identified: boolean;
  band: string;
}
