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
 * The per-lead, per-model state of the hot path: small, plain and JSON-serialisable for snapshots (`toJSON`).
 * The engine updates it in place; the caller owns it (one per lead per model).
 *
 * The state IS the array of its numbers, raw doubles: `[lastAt, lastActivityAt, stageAt, fit, acc…, cap
 * entries…]` (offsets above), with a few strings and flags as named fields. Why an array subclass: an object
 * field holding a non-integer (a timestamp, a decayed sum) would be a pointer to a separately boxed number,
 * and a `values: number[]` field would still be two more objects to reach (the array, then its elements).
 * With a million leads every object on the way is a cache miss per event; here it is the state, then its
 * elements. Only the engine indexes it; other code reads the accessors.
 */
export class IncrementalState extends Array<number> {
  /** Array methods that build a new array (map, concat, …) build a plain one, not a state. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** messageId of the last event that changed the state: later events must sort after it (with `lastAt`). */
  lastMessageId: string;
  stage: Stage;
  stageCause: string;
  /** Bit set of the stage rules' event conditions met since the last manual stage move. */
  seen: number;
  identified: boolean;
  band: string;
  /** Cap entries past the state's own (see cap-entries.ts), exact size; null while they fit. */
  capOverflow: number[] | null;

  constructor(length: number, stage: Stage, stageCause: string, identified: boolean) {
    super(length);
    // `length` zeros stored by V8 as raw doubles from the start: filling with a fraction first moves the
    // elements to doubles, refilling with 0 keeps that kind. A timestamp or a fraction written later then goes in
    // place, where small-integer elements would be reallocated as doubles on the first such write.
    this.fill(0.5).fill(0);
    this.lastMessageId = "";
    this.stage = stage;
    this.stageCause = stageCause;
    this.seen = 0;
    this.identified = identified;
    this.band = "";
    this.capOverflow = null;
  }

  /** Timestamp of the last event that changed the state. */
  get lastAt(): number {
    return this[LAST_AT]!;
  }

  /** Last event that matched an engagement rule; the accumulators are valued at this instant. */
  get lastActivityAt(): number {
    return this[LAST_ACTIVITY_AT]!;
  }

  get stageAt(): number {
    return this[STAGE_AT]!;
  }

  get fit(): number {
    return this[FIT]!;
  }

  /** Engagement of decay group `group`, valued at `lastActivityAt`. */
  accumulator(group: number): number {
    return this[ACC + group]!;
  }

  /** A plain object: JSON would otherwise write only the numbers. */
  toJSON() {
    const { lastMessageId, stage, stageCause, seen, identified, band, capOverflow } = this;
    return {
      values: [...this],
      lastMessageId,
      stage,
      stageCause,
      seen,
      identified,
      band,
      capOverflow,
    };
  }
}
