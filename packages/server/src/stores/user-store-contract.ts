// The users-and-sessions part of the store contract; `runLeadStoreContract` runs it for every adapter.
import { expect, it } from "vitest";
import type { SessionRow, Store, UserRow } from "../ports/store.ts";

export function buildUserRow(overrides: Partial<UserRow> = {}): UserRow {
  return {
    id: "usr_1",
    email: "ana@example.com",
    role: "admin",
    passwordHash: "scrypt$16384$8$1$salt$hash",
    createdAt: 10,
    updatedAt: 10,
    disabledAt: null,
    ...overrides,
  };
}

export function buildSessionRow(overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    tokenHash: "t1",
    userId: "usr_1",
    createdAt: 100,
    lastSeenAt: 100,
    expiresAt: 10_000,
    ...overrides,
  };
}

/** Call inside a describe whose beforeEach sets up a migrated store; `store()` returns it. */
export function userStoreCases(store: () => Store): void {
  it("creates, finds, replaces and deletes users", async () => {
    const ana = buildUserRow();
    const bo = buildUserRow({ id: "usr_2", email: "bo@example.com", role: "agent", createdAt: 5 });
    await store().commit({ users: [ana, bo] });
    expect(await store().users()).toEqual([bo, ana]);
    expect(await store().userByEmail("ana@example.com")).toEqual(ana);
    expect(await store().userById("usr_2")).toEqual(bo);
    expect(await store().userByEmail("nobody@example.com")).toBeNull();

    const changed = { ...ana, role: "marketer" as const, updatedAt: 20, disabledAt: 20 };
    await store().commit({ users: [changed] });
    expect(await store().userById("usr_1")).toEqual(changed);

    await store().commit({ deleteUserIds: ["usr_2"] });
    expect(await store().users()).toEqual([changed]);
  });

  it("refuses a second user with the same email, writing nothing of the unit", async () => {
    await store().commit({ users: [buildUserRow()] });
    await expect(
      store().commit({
        users: [buildUserRow({ id: "usr_2" })],
        meta: { "written-anyway": "1" },
      }),
    ).rejects.toThrow();
    expect((await store().users()).map((u) => u.id)).toEqual(["usr_1"]);
    expect(await store().getMeta("written-anyway")).toBeNull();
    // A user may keep its own email when replaced, and an email freed by a change is free again.
    await store().commit({ users: [buildUserRow({ email: "new@example.com", updatedAt: 2 })] });
    await store().commit({ users: [buildUserRow({ id: "usr_2", createdAt: 11 })] });
    expect((await store().users()).map((u) => u.email)).toEqual([
      "new@example.com",
      "ana@example.com",
    ]);
  });

  it("starts a session only for an enabled user whose password is unchanged", async () => {
    const user = buildUserRow();
    await store().commit({ users: [user] });
    const check = { passwordHash: user.passwordHash, replaces: null, now: 100 };
    expect(await store().startSession(buildSessionRow(), check)).toBe(true);
    expect(await store().sessionByHash("t1")).toEqual(buildSessionRow());

    const stale = { ...check, passwordHash: "scrypt$old" };
    expect(await store().startSession(buildSessionRow({ tokenHash: "t2" }), stale)).toBe(false);
    expect(await store().sessionByHash("t2")).toBeNull();

    const unknown = buildSessionRow({ tokenHash: "t3", userId: "usr_x" });
    expect(await store().startSession(unknown, check)).toBe(false);

    await store().commit({ users: [{ ...user, disabledAt: 50 }] });
    expect(await store().startSession(buildSessionRow({ tokenHash: "t4" }), check)).toBe(false);
    expect(await store().sessionByHash("t4")).toBeNull();
  });

  it("rotates: the replaced session and sessions past their expiry end", async () => {
    await store().commit({
      users: [buildUserRow(), buildUserRow({ id: "usr_2", email: "bo@example.com" })],
    });
    const check = { passwordHash: buildUserRow().passwordHash, replaces: null, now: 100 };
    await store().startSession(buildSessionRow({ tokenHash: "old", expiresAt: 5000 }), check);
    await store().startSession(
      buildSessionRow({ tokenHash: "expired", userId: "usr_2", expiresAt: 150 }),
      check,
    );
    await store().startSession(buildSessionRow({ tokenHash: "new" }), {
      ...check,
      replaces: "old",
      now: 200,
    });
    expect(await store().sessionByHash("old")).toBeNull();
    expect(await store().sessionByHash("expired")).toBeNull();
    expect(await store().sessionByHash("new")).not.toBeNull();
  });

  it("touches, ends one session, ends a user's sessions, and deletes them with the user", async () => {
    await store().commit({
      users: [buildUserRow(), buildUserRow({ id: "usr_2", email: "bo@example.com" })],
    });
    const check = { passwordHash: buildUserRow().passwordHash, replaces: null, now: 100 };
    for (const [tokenHash, userId] of [
      ["a", "usr_1"],
      ["b", "usr_1"],
      ["c", "usr_2"],
      ["d", "usr_2"],
    ] as const) {
      await store().startSession(buildSessionRow({ tokenHash, userId }), check);
    }
    await store().commit({ touchSessions: [{ tokenHash: "a", at: 500 }] });
    await store().commit({ touchSessions: [{ tokenHash: "a", at: 400 }] });
    expect((await store().sessionByHash("a"))?.lastSeenAt).toBe(500);

    await store().commit({ endSessions: ["a"] });
    expect(await store().sessionByHash("a")).toBeNull();
    expect(await store().sessionByHash("b")).not.toBeNull();

    await store().commit({ endSessionsOfUsers: ["usr_1"] });
    expect(await store().sessionByHash("b")).toBeNull();
    expect(await store().sessionByHash("c")).not.toBeNull();

    await store().commit({ deleteUserIds: ["usr_2"] });
    expect(await store().sessionByHash("c")).toBeNull();
    expect(await store().sessionByHash("d")).toBeNull();
  });

  it("keeps the value of a publishable key, never of a secret one", async () => {
    const base = {
      scopes: [],
      allowedOrigins: ["https://shop.example"],
      prefix: "pk_123",
      createdAt: 1,
      revokedAt: null,
    };
    await store().commit({
      keys: [
        { ...base, id: "key_p", kind: "publishable", name: "site", hash: "h1", publicKey: "pk_x" },
        { ...base, id: "key_s", kind: "secret", name: "ci", hash: "h2", scopes: ["admin"] },
      ],
    });
    const keys = await store().keys();
    expect(keys.find((k) => k.id === "key_p")?.publicKey).toBe("pk_x");
    expect(keys.find((k) => k.id === "key_s")?.publicKey ?? null).toBeNull();
  });
}
