import type { Stage } from "../types.ts";

/**
 * "Never" for the state's instants: a number, not null, so every instant is a raw double in `values`.
 */
export const NEVER = -8_640_000_000_000_000;

/** Offsets in `IncrementalState.values`. */
export const LAST_AT = 0;
export const LAST_ACTIVITY_AT = 1;
export const STAGE_AT = 2;
export const FIT = 3;
/** The first decay group's accumulator; the model's cap entries follow the last one (`CompiledModel.capsAt`). */
export const ACC = 4;

/**
 * The per-lead, per-model state of the hot path: small, plain and JSON-serialisable for snapshots.
 * The engine updates it in place; the caller owns it (one per lead per model).
 *
 * Every number lives in one array of raw doubles, `values`:
 * `[lastAt, lastActivityAt, stageAt, fit, acc…, cap entries…]`. An object field holding a non-integer
 * (a timestamp, a decayed sum) would be a pointer to a separate boxed number; with a million leads each box is
 * one more cache miss per event and one more object for the garbage collector. One array keeps them together.
 */
export class IncrementalState {
  /** See the class comment; read through the accessors outside the engine. */
  values: number[];
  /** messageId of the last event that changed the state: later events must sort after it (with `lastAt`). */
  lastMessageId: string;
  stage: Stage;
  stageCause: string;
  /** Bit set of the stage rules' event conditions met since the last manual stage move. */
  seen: number;
  identified: boolean;
  band: string;

  constructor(values: number[], stage: Stage, stageCause: string, identified: boolean) {
    this.values = values;
    this.lastMessageId = "";
    this.stage = stage;
    this.stageCause = stageCause;
    this.seen = 0;
    this.identified = identified;
    this.band = "";
  }

  /** Timestamp of the last event that changed the state. */
  get lastAt(): number {
    return this.values[LAST_AT]!;
  }

  /** Last event that matched an engagement rule; the accumulators are valued at this instant. */
  get lastActivityAt(): number {
    return this.values[LAST_ACTIVITY_AT]!;
  }

  get stageAt(): number {
    return this.values[STAGE_AT]!;
  }

  get fit(): number {
    return this.values[FIT]!;
  }

  /** Engagement of decay group `group`, valued at `lastActivityAt`. */
  accumulator(group: number): number {
    return this.values[ACC + group]!;
  }
}

/**
 * `length` zeros stored by V8 as raw doubles from the start: filling with a fraction first moves the array to
 * double elements, and refilling with 0 keeps that kind. A later timestamp or fractional value is then written
 * in place, where small-integer elements would be reallocated as doubles on the first such write.
 */
export function doubleArray(length: number): number[] {
  return new Array<number>(length).fill(0.5).fill(0);
}
