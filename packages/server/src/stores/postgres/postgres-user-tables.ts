import type pg from "pg";
import type { SessionRow, StartSessionCheck, UserRow, WriteUnit } from "../../ports/store.ts";
import {
  SESSION_COLUMNS,
  type SessionRecord,
  toSession,
  toUser,
  USER_COLUMNS,
  type UserRecord,
} from "../sql-rows.ts";
import type { Query } from "./postgres-reads.ts";

/** The users and sessions part of a unit, inside the unit's transaction. */
export async function writeUserTables(client: pg.PoolClient, unit: WriteUnit): Promise<void> {
  if (unit.deleteUserIds?.length) {
    const ids = [unit.deleteUserIds];
    await client.query("DELETE FROM sessions WHERE user_id = ANY($1::text[])", ids);
    await client.query("DELETE FROM users WHERE id = ANY($1::text[])", ids);
  }
  for (const u of [...(unit.users ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    await client.query(
      `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET email = excluded.email, role = excluded.role,
         password_hash = excluded.password_hash, updated_at = excluded.updated_at,
         disabled_at = excluded.disabled_at`,
      [u.id, u.email, u.role, u.passwordHash, u.createdAt, u.updatedAt, u.disabledAt],
    );
  }
  if (unit.endSessions?.length) {
    await client.query("DELETE FROM sessions WHERE token_hash = ANY($1::text[])", [
      unit.endSessions,
    ]);
  }
  if (unit.endSessionsOfUsers?.length) {
    await client.query("DELETE FROM sessions WHERE user_id = ANY($1::text[])", [
      unit.endSessionsOfUsers,
    ]);
  }
  for (const { tokenHash, at } of unit.touchSessions ?? []) {
    await client.query(
      "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1",
      [at, tokenHash],
    );
  }
}

export async function users(query: Query): Promise<readonly UserRow[]> {
  const { rows } = await query<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`,
  );
  return rows.map(toUser);
}

export async function userBy(query: Query, column: "id" | "email", value: string) {
  const { rows } = await query<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM users WHERE ${column} = $1`,
    [value],
  );
  return rows[0] === undefined ? null : toUser(rows[0]);
}

export async function sessionByHash(query: Query, tokenHash: string): Promise<SessionRow | null> {
  const { rows } = await query<SessionRecord>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1`,
    [tokenHash],
  );
  return rows[0] === undefined ? null : toSession(rows[0]);
}

/**
 * Check and write in one transaction; the user row is locked (FOR UPDATE), so a password reset or
 * a disable in another process either happens before the check or waits until the session exists.
 */
export async function startSession(
  client: pg.PoolClient,
  session: SessionRow,
  check: StartSessionCheck,
): Promise<boolean> {
  await client.query("BEGIN");
  const { rows } = await client.query<Pick<UserRecord, "password_hash" | "disabled_at">>(
    "SELECT password_hash, disabled_at FROM users WHERE id = $1 FOR UPDATE",
    [session.userId],
  );
  const user = rows[0];
  if (
    user === undefined ||
    user.disabled_at !== null ||
    user.password_hash !== check.passwordHash
  ) {
    await client.query("ROLLBACK");
    return false;
  }
  if (check.replaces !== null) {
    await client.query("DELETE FROM sessions WHERE token_hash = $1", [check.replaces]);
  }
  await client.query("DELETE FROM sessions WHERE expires_at <= $1", [check.now]);
  await client.query(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
    session.tokenHash,
    session.userId,
    session.createdAt,
    session.lastSeenAt,
    session.expiresAt,
  ]);
  await client.query("COMMIT");
  return true;
}
