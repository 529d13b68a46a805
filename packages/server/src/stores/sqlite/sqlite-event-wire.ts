import type { StoredEvent } from "../../ports/store.ts";

// Events cross to the writer thread as one string and two typed arrays: per event two float64 times,
// eight string lengths (UTF-16 code units, or -1 for null), and the strings themselves concatenated
// into one text. Building that text is one join on this thread and a copy in postMessage; the writer
// cuts it with `slice` and never decodes UTF-8 in JavaScript. Writing each string into a buffer cost
// a native call per string here and one more per string on the writer (~1 µs per event in total).
export const STRINGS_PER_EVENT = 8;
const NULL_LENGTH = -1;

/** Encoded events: `times` and `lengths` are meant to be transferred, not copied. */
export interface EncodedEvents {
  readonly count: number;
  /** Per event: timestamp, receivedAt. */
  readonly times: Float64Array;
  /** Per event, per string column (see `EVENT_STRING_COLUMNS`): its length, or -1 for null. */
  readonly lengths: Int32Array;
  /** Every non-null string of every event, in order. */
  readonly text: string;
}

/** The string columns in wire order; the two times (ts, received_at) travel apart. */
export const EVENT_STRING_COLUMNS = [
  "message_id",
  "lead_id",
  "type",
  "event",
  "anonymous_id",
  "user_id",
  "properties",
  "traits",
] as const;

function jsonOrNull(value: Readonly<Record<string, unknown>> | null): string | null {
  if (value === null) return null;
  for (const _ in value) return JSON.stringify(value);
  return null;
}

/** Encode events for the writer thread. */
export function encodeEvents(events: readonly StoredEvent[]): EncodedEvents {
  const count = events.length;
  const times = new Float64Array(count * 2);
  const lengths = new Int32Array(count * STRINGS_PER_EVENT);
  const parts: string[] = [];
  let l = 0;
  const add = (value: string | null): void => {
    if (value === null) lengths[l++] = NULL_LENGTH;
    else {
      lengths[l++] = value.length;
      parts.push(value);
    }
  };
  for (let i = 0; i < count; i++) {
    const e = events[i] as StoredEvent;
    times[2 * i] = e.timestamp;
    times[2 * i + 1] = e.receivedAt;
    lengths[l++] = e.messageId.length;
    lengths[l++] = e.leadId.length;
    lengths[l++] = e.type.length;
    lengths[l++] = e.event.length;
    parts.push(e.messageId, e.leadId, e.type, e.event);
    add(e.anonymousId);
    add(e.userId);
    add(jsonOrNull(e.properties));
    add(jsonOrNull(e.traits));
  }
  return { count, times, lengths, text: parts.join("") };
}

/**
 * Reads encoded events in order on the writer thread, writing each event's column values into
 * a caller's parameter array (message_id, lead_id, type, event, ts, received_at, anonymous_id,
 * user_id, properties, traits) so a multi-row INSERT binds them without intermediate objects.
 */
export class EventReader {
  readonly #encoded: EncodedEvents;
  #event = 0;
  #length = 0;
  #offset = 0;

  constructor(encoded: EncodedEvents) {
    this.#encoded = encoded;
  }

  get remaining(): number {
    return this.#encoded.count - this.#event;
  }

  #next(): string | null {
    const length = this.#encoded.lengths[this.#length++] as number;
    if (length === NULL_LENGTH) return null;
    const start = this.#offset;
    this.#offset = start + length;
    return this.#encoded.text.slice(start, start + length);
  }

  /** The next event's ten column values into `params` from `at`. */
  readInto(params: unknown[], at: number): void {
    const i = this.#event++;
    params[at] = this.#next();
    params[at + 1] = this.#next();
    params[at + 2] = this.#next();
    params[at + 3] = this.#next();
    params[at + 4] = this.#encoded.times[2 * i];
    params[at + 5] = this.#encoded.times[2 * i + 1];
    params[at + 6] = this.#next();
    params[at + 7] = this.#next();
    params[at + 8] = this.#next();
    params[at + 9] = this.#next();
  }
}
