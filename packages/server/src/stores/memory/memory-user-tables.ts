import type { SessionRow, StartSessionCheck, UserRow, WriteUnit } from "../../ports/store.ts";

/** Users and sessions of the memory store; `check` runs before any write of a unit. */
export class MemoryUserTables {
  readonly #users = new Map<string, UserRow>();
  readonly #sessions = new Map<string, SessionRow>();

  /** Throws, like a constraint, when a unit would give two users one email. */
  check(unit: WriteUnit): void {
    const emails = new Map([...this.#users.values()].map((u) => [u.email, u.id]));
    for (const id of unit.deleteUserIds ?? []) {
      const user = this.#users.get(id);
      if (user !== undefined) emails.delete(user.email);
    }
    for (const user of unit.users ?? []) {
      const previous = this.#users.get(user.id);
      if (previous !== undefined && emails.get(previous.email) === user.id) {
        emails.delete(previous.email);
      }
      const owner = emails.get(user.email);
      if (owner !== undefined && owner !== user.id) throw new Error(`email ${user.email} exists`);
      emails.set(user.email, user.id);
    }
  }

  write(unit: WriteUnit): void {
    for (const id of unit.deleteUserIds ?? []) {
      this.#users.delete(id);
      this.#endSessionsOf(id);
    }
    for (const user of unit.users ?? []) this.#users.set(user.id, user);
    for (const hash of unit.endSessions ?? []) this.#sessions.delete(hash);
    for (const id of unit.endSessionsOfUsers ?? []) this.#endSessionsOf(id);
    for (const { tokenHash, at } of unit.touchSessions ?? []) {
      const session = this.#sessions.get(tokenHash);
      if (session !== undefined && session.lastSeenAt < at) {
        this.#sessions.set(tokenHash, { ...session, lastSeenAt: at });
      }
    }
  }

  #endSessionsOf(userId: string): void {
    for (const [hash, session] of this.#sessions) {
      if (session.userId === userId) this.#sessions.delete(hash);
    }
  }

  users(): readonly UserRow[] {
    return [...this.#users.values()].sort(
      (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
    );
  }

  userByEmail(email: string): UserRow | null {
    return [...this.#users.values()].find((u) => u.email === email) ?? null;
  }

  userById(id: string): UserRow | null {
    return this.#users.get(id) ?? null;
  }

  sessionByHash(tokenHash: string): SessionRow | null {
    return this.#sessions.get(tokenHash) ?? null;
  }

  startSession(session: SessionRow, check: StartSessionCheck): boolean {
    const user = this.#users.get(session.userId);
    if (user === undefined || user.disabledAt !== null) return false;
    if (user.passwordHash !== check.passwordHash) return false;
    if (check.replaces !== null) this.#sessions.delete(check.replaces);
    for (const [hash, row] of this.#sessions) {
      if (row.expiresAt <= check.now) this.#sessions.delete(hash);
    }
    this.#sessions.set(session.tokenHash, session);
    return true;
  }
}
