import type Database from "better-sqlite3";
import type { SessionRow, StartSessionCheck, UserRow, WriteUnit } from "../../ports/store.ts";
import {
  SESSION_COLUMNS,
  type SessionRecord,
  toSession,
  toUser,
  USER_COLUMNS,
  type UserRecord,
} from "../sql-rows.ts";

/** Users and sessions of the SQLite store; `write` runs inside the store's commit transaction. */
export class SqliteUserTables {
  readonly #db: Database.Database;
  readonly #sessionByHash: Database.Statement;
  readonly #touch: Database.Statement;
  readonly #start: (session: SessionRow, check: StartSessionCheck) => boolean;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sessionByHash = db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`,
    );
    this.#touch = db.prepare(
      "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?",
    );
    this.#start = db.transaction((session: SessionRow, check: StartSessionCheck) => {
      const user = db
        .prepare("SELECT password_hash, disabled_at FROM users WHERE id = ?")
        .get(session.userId) as Pick<UserRecord, "password_hash" | "disabled_at"> | undefined;
      if (user === undefined || user.disabled_at !== null) return false;
      if (user.password_hash !== check.passwordHash) return false;
      if (check.replaces !== null) {
        db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(check.replaces);
      }
      db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(check.now);
      db.prepare(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
        session.tokenHash,
        session.userId,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
      );
      return true;
    });
  }

  write(
    unit: Pick<
      WriteUnit,
      "users" | "deleteUserIds" | "endSessions" | "endSessionsOfUsers" | "touchSessions"
    >,
  ): void {
    const db = this.#db;
    for (const id of unit.deleteUserIds ?? []) {
      db.prepare("DELETE FROM sessions WHERE user_id = ?").run(id);
      db.prepare("DELETE FROM users WHERE id = ?").run(id);
    }
    for (const u of unit.users ?? []) {
      db.prepare(
        `INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET email = excluded.email, role = excluded.role,
           password_hash = excluded.password_hash, updated_at = excluded.updated_at,
           disabled_at = excluded.disabled_at`,
      ).run(u.id, u.email, u.role, u.passwordHash, u.createdAt, u.updatedAt, u.disabledAt);
    }
    for (const hash of unit.endSessions ?? []) {
      db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(hash);
    }
    for (const id of unit.endSessionsOfUsers ?? []) {
      db.prepare("DELETE FROM sessions WHERE user_id = ?").run(id);
    }
    for (const { tokenHash, at } of unit.touchSessions ?? []) this.#touch.run(at, tokenHash, at);
  }

  users(): readonly UserRow[] {
    const rows = this.#db
      .prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`)
      .all() as UserRecord[];
    return rows.map(toUser);
  }

  userByEmail(email: string): UserRow | null {
    const row = this.#db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`).get(email) as
      | UserRecord
      | undefined;
    return row === undefined ? null : toUser(row);
  }

  userById(id: string): UserRow | null {
    const row = this.#db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as
      | UserRecord
      | undefined;
    return row === undefined ? null : toUser(row);
  }

  sessionByHash(tokenHash: string): SessionRow | null {
    const row = this.#sessionByHash.get(tokenHash) as SessionRecord | undefined;
    return row === undefined ? null : toSession(row);
  }

  startSession(session: SessionRow, check: StartSessionCheck): boolean {
    return this.#start(session, check);
  }
}
