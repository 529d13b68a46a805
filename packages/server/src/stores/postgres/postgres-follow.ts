import type pg from "pg";
import type { LogPosition, RemoteChanges, RemoteUnit } from "../../ports/store.ts";
import {
  LOG_END_EVENT_SEQ,
  type SegmentRow,
  segmentEvents,
  segmentsAfterSql,
} from "./postgres-event-log.ts";
import { keys } from "./postgres-reads.ts";
import { readActiveClaims, readQueueVersions } from "./postgres-realtime-tables.ts";
import { classifyPostgresError } from "./postgres-write.ts";

/**
 * For a process told to reload: what its rebuild from the tables does not cover (the services
 * that follow units: keys, queue versions, claims), as one unit to apply after it.
 */
async function snapshotUnit(client: pg.PoolClient): Promise<RemoteUnit> {
  const query = <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) =>
    client.query<R>(sql, params);
  const allKeys = await keys(query);
  return {
    keys: allKeys.filter((k) => k.revokedAt === null),
    revokeKeys: allKeys.flatMap((k) =>
      k.revokedAt === null ? [] : [{ id: k.id, at: k.revokedAt }],
    ),
    queueVersions: await readQueueVersions(query),
    claims: await readActiveClaims(query, Date.now()),
  };
}

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
  let snapshot: RemoteUnit | null = null;
  try {
    results = (await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
       SELECT seq, writer, unit FROM changes WHERE seq > ${afterChange} ORDER BY seq LIMIT ${rows};
       ${segmentsAfterSql(afterEvent, rows)};
       SELECT (${LOG_END_EVENT_SEQ}) AS event_seq,
              (SELECT coalesce(max(through), 0) FROM changes_pruned) AS pruned_through;
       COMMIT`,
    )) as unknown as pg.QueryResult[];
    const ends = results[3]?.rows[0] as { pruned_through: number } | undefined;
    if ((ends?.pruned_through ?? 0) > afterChange) snapshot = await snapshotUnit(client);
  } catch (error) {
    client.release(true);
    throw classifyPostgresError(error);
  }
  client.release();
  const changes = results[1] as pg.QueryResult<{ seq: number; writer: string; unit: string }>;
  const segments = results[2] as pg.QueryResult<SegmentRow>;
  if (snapshot !== null) {
    // Rows this process has not applied were pruned: only a reload from the tables is whole.
    return { units: [snapshot], events: [], position: from, more: false, reload: true };
  }
  const ends = (results[3] as pg.QueryResult<{ event_seq: number }>).rows[0];
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
