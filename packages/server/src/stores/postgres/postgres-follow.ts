import type pg from "pg";
import type { LogPosition, RemoteChanges, RemoteUnit } from "../../ports/store.ts";
import {
  LOG_END_EVENT_SEQ,
  type SegmentRow,
  segmentEvents,
  segmentsAfterSql,
} from "./postgres-event-log.ts";
import { classifyPostgresError } from "./postgres-write.ts";

/**
 * What other processes committed after `from`: `changes` rows (but `writer`'s own) and log
 * segments, in one repeatable-read snapshot and one round trip on `client`, which it releases.
 */
export async function readRemoteChanges(
  client: pg.PoolClient,
  from: LogPosition,
  limit: number,
  writer: string,
): Promise<RemoteChanges> {
  // Seq order is commit order, so the snapshot holds a prefix of the log; the numbers are
  // integers, so they go into the text as they are.
  const [afterChange, afterEvent, rows] = [from.changeSeq, from.eventSeq, limit].map((n) =>
    Math.trunc(Number(n)),
  ) as [number, number, number];
  let results: pg.QueryResult[];
  try {
    results = (await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
       SELECT seq, writer, unit FROM changes WHERE seq > ${afterChange} ORDER BY seq LIMIT ${rows};
       ${segmentsAfterSql(afterEvent, rows)};
       SELECT (${LOG_END_EVENT_SEQ}) AS event_seq,
              (SELECT coalesce(max(through), 0) FROM changes_pruned) AS pruned_through;
       COMMIT`,
    )) as unknown as pg.QueryResult[];
  } catch (error) {
    client.release(true);
    throw classifyPostgresError(error);
  }
  client.release();
  const changes = results[1] as pg.QueryResult<{ seq: number; writer: string; unit: string }>;
  const segments = results[2] as pg.QueryResult<SegmentRow>;
  const ends = (results[3] as pg.QueryResult<{ event_seq: number; pruned_through: number }>)
    .rows[0];
  if ((ends?.pruned_through ?? 0) > afterChange) {
    // Rows this process has not applied were pruned: only a reload from the tables is whole.
    return { units: [], events: [], position: from, more: false, reload: true };
  }
  const units = changes.rows
    .filter((row) => row.writer !== writer)
    .map((row) => JSON.parse(row.unit) as RemoteUnit);
  // Whole segments: the position moves to the end of the last one read.
  const eventSeq = segments.rows.at(-1)?.last_seq ?? from.eventSeq;
  return {
    units,
    events: segmentEvents(segments.rows, afterEvent),
    position: { changeSeq: changes.rows.at(-1)?.seq ?? from.changeSeq, eventSeq },
    more: changes.rows.length === limit || (ends?.event_seq ?? 0) > eventSeq,
  };
}
