import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../composition-root.ts";
import type { CliIo } from "../cli-io.ts";
import { runCli } from "../run-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "leadscore-users-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const freshDb = () => join(dir, `u${++counter}.db`);

async function run(argv: string[], stdin?: string) {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    cwd: dir,
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  };
  const code = await runCli(argv, io);
  return { code, out, err, lastLine: out.trim().split("\n").at(-1) ?? "" };
}

async function canSignIn(db: string, email: string, password: string): Promise<boolean> {
  const app = await createApp({ dbPath: db, createAdminKey: false, replayLog: false });
  try {
    const result = await app.services.sessions.signIn({
      email,
      password,
      clientIp: null,
      previousToken: null,
    });
    return result.ok;
  } finally {
    await app.close();
  }
}

describe("leadscore users", () => {
  it("creates a user and prints the generated password on the last line", async () => {
    const db = freshDb();
    const created = await run([
      "users",
      "create",
      "--db",
      db,
      "--email",
      "Ana@Example.com",
      "--role",
      "agent",
    ]);
    expect(created.code).toBe(0);
    expect(created.lastLine).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await canSignIn(db, "ana@example.com", created.lastLine)).toBe(true);
    const listed = await run(["users", "list", "--db", db]);
    expect(listed.out).toMatch(/^usr_\w+\tana@example\.com\tagent\tactive\n$/);
  });

  it("reads a chosen password from standard input and checks its length", async () => {
    const db = freshDb();
    const args = [
      "users",
      "create",
      "--db",
      db,
      "--email",
      "bo@example.com",
      "--role",
      "admin",
      "--password-stdin",
    ];
    const short = await run(args, "short\n");
    expect(short.code).toBe(1);
    expect(short.err).toContain("at least 12 characters");
    const ok = await run(args, "a long enough password\n");
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain("a long enough password");
    expect(await canSignIn(db, "bo@example.com", "a long enough password")).toBe(true);
    const again = await run(args, "a long enough password\n");
    expect(again.code).toBe(1);
    expect(again.err).toContain("exists");
  });

  it("resets a password: the old one stops working", async () => {
    const db = freshDb();
    const first = await run([
      "users",
      "create",
      "--db",
      db,
      "--email",
      "cy@example.com",
      "--role",
      "marketer",
    ]);
    const reset = await run(["users", "reset-password", "--db", db, "--email", "cy@example.com"]);
    expect(reset.code).toBe(0);
    expect(reset.lastLine).not.toBe(first.lastLine);
    expect(await canSignIn(db, "cy@example.com", first.lastLine)).toBe(false);
    expect(await canSignIn(db, "cy@example.com", reset.lastLine)).toBe(true);
    const unknown = await run(["users", "reset-password", "--db", db, "--email", "no@example.com"]);
    expect(unknown.code).toBe(1);
  });

  it.each([
    [["users", "create", "--email", "a@b.c", "--role", "root"], "--role"],
    [["users", "create", "--role", "agent"], "--email"],
    [["users", "promote"], "unknown subcommand"],
  ])("refuses %j with usage help", async (argv, message) => {
    const result = await run([...argv, "--db", freshDb()]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});

describe("the first dashboard admin", () => {
  it("is created with a password on the first start only", async () => {
    const db = freshDb();
    const first = await createApp({ dbPath: db, firstAdminEmail: "admin@localhost" });
    await first.close();
    expect(first.firstAdmin?.user).toMatchObject({ email: "admin@localhost", role: "admin" });
    expect(await canSignIn(db, "admin@localhost", first.firstAdmin?.password ?? "")).toBe(true);
    const second = await createApp({ dbPath: db, firstAdminEmail: "admin@localhost" });
    await second.close();
    expect(second.firstAdmin).toBeNull();
  });

  it("is not created when users were made with the CLI before the first start", async () => {
    const db = freshDb();
    await run(["users", "create", "--db", db, "--email", "ana@example.com", "--role", "admin"]);
    const app = await createApp({ dbPath: db, firstAdminEmail: "admin@localhost" });
    await app.close();
    expect(app.firstAdmin).toBeNull();
  });
});
