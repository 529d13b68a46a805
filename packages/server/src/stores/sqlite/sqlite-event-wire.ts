import type { StoredEvent } from "../../ports/store.ts";

// Events cross to the writer thread as one transferred buffer: per event two float64 times, then
// eight strings (u32 byte length, or NULL_LENGTH for null, then UTF-8). Writing strings straight into
// a buffer that is handed over without a copy costs less than JSON text or a structured clone.
const NULL_LENGTH = 0xffff_ffff;
const STRINGS_PER_EVENT = 8;

function jsonOrNull(value: Readonly<Record<string, unknown>> | null): string | null {
  if (value === null) return null;
  for (const _ in value) return JSON.stringify(value);
  return null;
}

class WireWriter {
  buffer: Buffer;
  offset = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  #ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  time(value: number): void {
    this.#ensure(8);
    this.offset = this.buffer.writeDoubleLE(value, this.offset);
  }

  text(value: string | null): void {
    if (value === null) {
      this.#ensure(4);
      this.offset = this.buffer.writeUInt32LE(NULL_LENGTH, this.offset);
      return;
    }
    this.#ensure(4 + value.length * 3);
    const written = this.buffer.write(value, this.offset + 4, "utf8");
    this.buffer.writeUInt32LE(written, this.offset);
    this.offset += 4 + written;
  }
}

/** Encoded events: `bytes` of `data` are used; `data` is meant to be transferred, not copied. */
export interface EncodedEvents {
  readonly data: ArrayBuffer;
  readonly bytes: number;
  readonly count: number;
}

/** Encode events for the writer thread. */
export function encodeEvents(events: readonly StoredEvent[]): EncodedEvents {
  const writer = new WireWriter(Math.max(64, events.length * 256));
  for (const e of events) {
    writer.time(e.timestamp);
    writer.time(e.receivedAt);
    writer.text(e.messageId);
    writer.text(e.leadId);
    writer.text(e.type);
    writer.text(e.event);
    writer.text(e.anonymousId);
    writer.text(e.userId);
    writer.text(jsonOrNull(e.properties));
    writer.text(jsonOrNull(e.traits));
  }
  // allocUnsafeSlow buffers own their ArrayBuffer from byte 0.
  return { data: writer.buffer.buffer as ArrayBuffer, bytes: writer.offset, count: events.length };
}

/** One event's column values in insert order (message_id, lead_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits). */
export type EventColumns = [
  string,
  string,
  string,
  string,
  number,
  number,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** Decode on the writer thread, handing each event's columns to `row` (the array is reused). */
export function decodeEvents(encoded: EncodedEvents, row: (columns: EventColumns) => void): void {
  const buffer = Buffer.from(encoded.data, 0, encoded.bytes);
  const strings: (string | null)[] = new Array(STRINGS_PER_EVENT);
  let offset = 0;
  const columns = new Array(10) as EventColumns;
  while (offset < buffer.length) {
    const timestamp = buffer.readDoubleLE(offset);
    const receivedAt = buffer.readDoubleLE(offset + 8);
    offset += 16;
    for (let s = 0; s < STRINGS_PER_EVENT; s++) {
      const length = buffer.readUInt32LE(offset);
      offset += 4;
      if (length === NULL_LENGTH) strings[s] = null;
      else {
        strings[s] = buffer.toString("utf8", offset, offset + length);
        offset += length;
      }
    }
    columns[0] = strings[0] as string;
    columns[1] = strings[1] as string;
    columns[2] = strings[2] as string;
    columns[3] = strings[3] as string;
    columns[4] = timestamp;
    columns[5] = receivedAt;
    columns[6] = strings[4] ?? null;
    columns[7] = strings[5] ?? null;
    columns[8] = strings[6] ?? null;
    columns[9] = strings[7] ?? null;
    row(columns);
  }
}
