import type { EventPage, MessageType, StoredEvent } from "../../ports/store.ts";
import type { Query } from "./postgres-reads.ts";

// The event log as segments (ADR 0050): one `event_segments` row per committed run of events, its
// events as one JSON array, element i at seq `first_seq + i` (null where a duplicate or an erased
// event was); `event_ids` holds one narrow row per stored messageId (the dedupe key and its seq).
// An append costs one index entry per event instead of two and one wide row per unit instead of
// one per event. The write lock makes `max(last_seq)` the base of the next unit, and segments are
// blanked, never deleted, so seq never goes backwards (a follower at seq n never misses a later row).

/** Events per segment row: a large unit (an import, an overload) is split into rows of this size. */
export const SEGMENT_EVENTS = 2000;
export const LOG_END_EVENT_SEQ = "SELECT coalesce(max(last_seq), 0) FROM event_segments";

/** A string as an SQL literal that means the same whatever `standard_conforming_strings` says. */
export function sqlText(text: string): string {
  // JSON texts never hold a NUL (JSON.stringify escapes it); one here would cut the query short.
  if (text.includes("\0")) throw new Error("an SQL literal cannot hold a NUL character");
  return `E'${text.replace(/[\\']/g, "$&$&")}'`;
}

function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

function objectOrNull(value: Readonly<Record<string, unknown>> | null) {
  if (value === null) return null;
  for (const _ in value) return value;
  return null;
}

type SegmentElement = [
  string,
  string,
  string,
  string,
  number,
  number,
  string | null,
  string | null,
  Record<string, unknown> | null,
  Record<string, unknown> | null,
];

/** One chunk of a unit's events, written by `appendStatement`. */
export interface SegmentWrite {
  /** The seq of the chunk's first event minus one. */
  readonly base: number;
  readonly count: number;
  readonly sql: string;
}

/**
 * Statements (no parameters, so they share one round trip with COMMIT) that append `events` at
 * seq `base + 1 …`, one per segment. Each inserts the messageIds that are new (ON CONFLICT: the
 * dedupe happens in this transaction), then the segment row with the duplicates blanked, and
 * answers one row: how many were new and, when not all, their seqs.
 */
export function appendStatements(events: readonly StoredEvent[], base: number): SegmentWrite[] {
  const writes: SegmentWrite[] = [];
  for (let start = 0; start < events.length; start += SEGMENT_EVENTS) {
    const end = Math.min(events.length, start + SEGMENT_EVENTS);
    const ids = new Array<string>(end - start);
    const rows = new Array<SegmentElement>(end - start);
    for (let i = start; i < end; i++) {
      const e = events[i] as StoredEvent;
      ids[i - start] = e.messageId;
      rows[i - start] = [
        e.messageId,
        e.leadId,
        e.type,
        e.event,
        e.timestamp,
        e.receivedAt,
        e.anonymousId,
        e.userId,
        objectOrNull(e.properties) as Record<string, unknown> | null,
        objectOrNull(e.traits) as Record<string, unknown> | null,
      ];
    }
    const b = sqlInteger(base + start);
    const n = sqlInteger(end - start);
    writes.push({
      base: base + start,
      count: end - start,
      sql: `WITH fresh AS (
          INSERT INTO event_ids (message_id, seq)
          SELECT m, ${b} + n FROM jsonb_array_elements_text(${sqlText(JSON.stringify(ids))}::jsonb) WITH ORDINALITY AS x(m, n)
          ORDER BY n
          ON CONFLICT (message_id) DO NOTHING RETURNING seq),
        kept AS (SELECT count(*)::integer AS n FROM fresh),
        input AS (SELECT ${sqlText(JSON.stringify(rows))}::text AS body),
        segment AS (
          INSERT INTO event_segments (first_seq, last_seq, body)
          SELECT ${b} + 1, ${b} + ${n}, CASE WHEN kept.n = ${n} THEN input.body ELSE (
            SELECT json_agg(CASE WHEN ${b} + o IN (SELECT seq FROM fresh) THEN e END ORDER BY o)::text
            FROM json_array_elements(input.body::json) WITH ORDINALITY AS y(e, o)) END
          FROM kept, input WHERE kept.n > 0)
        SELECT kept.n, CASE WHEN kept.n < ${n} THEN (SELECT string_agg(seq::text, ',') FROM fresh) END AS fresh
        FROM kept`,
    });
  }
  return writes;
}

/** What one append statement answered: which of its events were new, and the last seq it stored. */
export function appendResult(
  write: SegmentWrite,
  row: { n: number; fresh: string | null } | undefined,
  inserted: boolean[],
  offset: number,
): number {
  const kept = row?.n ?? 0;
  if (kept === write.count) {
    inserted.fill(true, offset, offset + write.count);
  } else if (kept > 0) {
    for (const seq of (row?.fresh ?? "").split(","))
      inserted[offset + Number(seq) - write.base - 1] = true;
  }
  // No segment row when nothing was new: the seqs stay unused (gaps are allowed).
  return kept > 0 ? write.base + write.count : 0;
}

/** Erase events by messageId: their dedupe rows go, their elements become null. Answers how many. */
export async function eraseEvents(query: Query, messageIds: readonly string[]): Promise<number> {
  const { rows } = await query<{ n: number }>(
    `WITH gone AS (DELETE FROM event_ids WHERE message_id = ANY($1::text[]) RETURNING seq),
     hit AS (
       SELECT s.first_seq, array_agg(gone.seq) AS seqs FROM gone
       JOIN LATERAL (SELECT first_seq FROM event_segments WHERE first_seq <= gone.seq ORDER BY first_seq DESC LIMIT 1) s ON true
       GROUP BY s.first_seq),
     blanked AS (
       UPDATE event_segments s SET body = (
         SELECT json_agg(CASE WHEN s.first_seq + o - 1 = ANY (hit.seqs) THEN NULL ELSE e END ORDER BY o)::text
         FROM json_array_elements(s.body::json) WITH ORDINALITY AS y(e, o))
       FROM hit WHERE s.first_seq = hit.first_seq)
     SELECT count(*)::integer AS n FROM gone`,
    [messageIds],
  );
  return rows[0]?.n ?? 0;
}

export interface SegmentRow {
  first_seq: number;
  last_seq: number;
  body: string;
}

export type LoggedEvent = StoredEvent & { seq: number };

/** The events of segment rows with seq above `afterSeq`, in seq order. */
export function segmentEvents(rows: readonly SegmentRow[], afterSeq: number): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  for (const row of rows) {
    const elements = JSON.parse(row.body) as (SegmentElement | null)[];
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      const seq = row.first_seq + i;
      if (e === null || e === undefined || seq <= afterSeq) continue;
      events.push({
        seq,
        messageId: e[0],
        leadId: e[1],
        type: e[2] as MessageType,
        event: e[3],
        timestamp: e[4],
        receivedAt: e[5],
        anonymousId: e[6],
        userId: e[7],
        properties: e[8],
        traits: e[9],
      });
    }
  }
  return events;
}

/**
 * The segment rows after `afterSeq` whose seqs start within `width` of the first of them: at most
 * `width` + SEGMENT_EVENTS events, however small the segments or large the gaps. No parameters, so
 * it can share a round trip (a follower reads it in one snapshot with `changes`).
 */
export function segmentsAfterSql(afterSeq: number, width: number): string {
  const after = sqlInteger(afterSeq);
  // Both bounds on first_seq, so the scan of its index stops at the end of the range.
  return `SELECT s.first_seq, s.last_seq, s.body
          FROM (SELECT first_seq FROM event_segments WHERE last_seq > ${after} ORDER BY last_seq LIMIT 1) AS start,
               event_segments s
          WHERE s.first_seq >= start.first_seq AND s.first_seq <= start.first_seq + ${sqlInteger(width)}
          ORDER BY s.first_seq`;
}

/** The log in seq order, at most `limit` events after `afterSeq`. */
export async function readEvents(
  query: Query,
  afterSeq: number,
  limit: number,
): Promise<EventPage> {
  const events: LoggedEvent[] = [];
  let cursor = afterSeq;
  for (;;) {
    const { rows } = await query<SegmentRow>(segmentsAfterSql(cursor, limit));
    if (rows.length === 0) return { events, nextSeq: null };
    for (const e of segmentEvents(rows, afterSeq)) events.push(e);
    if (events.length > limit) {
      const page = events.slice(0, limit);
      return { events: page, nextSeq: page.at(-1)?.seq ?? null };
    }
    cursor = rows.at(-1)?.last_seq ?? cursor;
  }
}

export async function countEvents(query: Query): Promise<number> {
  const { rows } = await query<{ n: number }>("SELECT count(*)::integer AS n FROM event_ids");
  return rows[0]?.n ?? 0;
}
