import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli-io.ts";
import { runCli } from "../run-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "leadscore-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbCounter = 0;
const freshDb = () => join(dir, `cli${++dbCounter}.db`);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: dir };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const modelFile = join(import.meta.dirname, "../../../../../examples/models/saas-main.yaml");

describe("leadscore keys create", () => {
  it("prints the new key on the last line", async () => {
    const { code, out } = await run([
      "keys",
      "create",
      "--db",
      freshDb(),
      "--scopes",
      "leads:read,leads:write",
    ]);
    expect(code).toBe(0);
    expect(out.trim().split("\n").at(-1)).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
  });

  it("creates publishable keys with origins and refuses unknown scopes", async () => {
    const db = freshDb();
    const pk = await run([
      "keys",
      "create",
      "--db",
      db,
      "--publishable",
      "--origins",
      "https://shop.example",
    ]);
    expect(pk.out.trim().split("\n").at(-1)).toMatch(/^pk_/);
    const bad = await run(["keys", "create", "--db", db, "--scopes", "root"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("unknown scope");
  });
});

describe("leadscore model apply", () => {
  it("publishes versions with the server stopped", async () => {
    const db = freshDb();
    const first = await run(["model", "apply", modelFile, "--db", db]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({
      model: "saas-main",
      version: 1,
      retroactive: false,
    });
    const second = await run(["model", "apply", modelFile, "--db", db, "--retroactive"]);
    expect(JSON.parse(second.out)).toMatchObject({ version: 2, retroactive: true });
  });

  it("lists the problems of an invalid model and exits 1", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "id: bad\nbands: 3\n");
    const { code, err } = await run(["model", "apply", file, "--db", freshDb()]);
    expect(code).toBe(1);
    expect(err).toContain("bad.yaml: /");
  });
});

describe("leadscore import leads", () => {
  const csv = [
    "\uFEFFE-mail;Name;Company;employees;jobTitle",
    "ann@example.com;Ann;Acme;120;VP Sales",
    '" ANN@example.com ";Ann again;Acme;1;x',
    'bob@example.com;"Bob\r\nBuilder";"Bob; Co";7;Engineer',
    "not-an-email;Nobody;;;",
    "short;row",
  ].join("\r\n");

  it("maps columns, dedupes on email, reports each bad row, and re-running changes nothing", async () => {
    const db = freshDb();
    const file = join(dir, "leads.csv");
    writeFileSync(file, csv);
    await run(["model", "apply", modelFile, "--db", db]);
    const first = await run([
      "import",
      "leads",
      file,
      "--db",
      db,
      "--map",
      "email=E-mail,name=Name,company=Company",
    ]);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.out);
    expect(report).toMatchObject({
      rowsTotal: 5,
      created: 2,
      updated: 0,
      skippedDuplicates: 1,
      failed: 2,
    });
    expect(report.errors).toEqual([
      {
        row: 4,
        column: "E-mail",
        value: "not-an-email",
        code: "invalid_email",
        detail: "not an email address",
      },
      { row: 5, column: null, value: null, code: "column_count", detail: "2 values for 5 columns" },
    ]);
    const again = JSON.parse(
      (
        await run([
          "import",
          "leads",
          file,
          "--db",
          db,
          "--map",
          "email=E-mail,name=Name,company=Company",
        ])
      ).out,
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const exported = await run(["export", "leads", "--db", db, "--format", "ndjson"]);
    const leads = exported.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(leads.map((l) => l.email).sort()).toEqual(["ann@example.com", "bob@example.com"]);
    const ann = leads.find((l) => l.email === "ann@example.com");
    expect(ann.models["saas-main"].score).toBe(25);
    const bob = leads.find((l) => l.email === "bob@example.com");
    expect([bob.name, bob.company]).toEqual(["Bob\r\nBuilder", "Bob; Co"]);
    const asCsv = await run(["export", "leads", "--db", db]);
    expect(asCsv.out.split("\n")[0]).toContain("saas-main.score");
  });

  it("refuses a mapping to a missing column", async () => {
    const file = join(dir, "plain.csv");
    writeFileSync(file, "email\nx@y.io\n");
    const { out } = await run(["import", "leads", file, "--db", freshDb(), "--map", "email=Mail"]);
    expect(JSON.parse(out).errors[0]).toMatchObject({ code: "unknown_column", column: "Mail" });
  });
});

describe("leadscore import events", () => {
  it("ingests NDJSON and reports bad lines by number", async () => {
    const db = freshDb();
    const file = join(dir, "events.ndjson");
    writeFileSync(
      file,
      [
        JSON.stringify({
          type: "track",
          event: "email.clicked",
          userId: "u1",
          messageId: "n1",
          timestamp: "2026-01-01T00:00:00Z",
        }),
        "{oops",
        JSON.stringify({ type: "track", userId: "u1" }),
        JSON.stringify({ type: "track", event: "email.clicked", userId: "u1", messageId: "n1" }),
      ].join("\n"),
    );
    const { code, out } = await run(["import", "events", file, "--db", db]);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ accepted: 1, duplicates: 1, failed: 2 });
    expect(report.errors.map((e: { line: number }) => e.line)).toEqual([2, 3]);
    const rescore = JSON.parse((await run(["rescore", "--db", db])).out);
    expect(rescore).toMatchObject({ leads: 1, events: 1 });
  });
});

describe("leadscore queue", () => {
  it("applies a queue with the server stopped, lists and deletes it, and names bad fields", async () => {
    const db = freshDb();
    expect((await run(["model", "apply", modelFile, "--db", db])).code).toBe(0);
    const file = join(dir, "sales.yaml");
    writeFileSync(file, "id: sales\nmodel: saas-main\neligible: { bands: [hot] }\n");
    const applied = await run(["queue", "apply", file, "--db", db]);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.out)).toEqual({ queue: "sales", revision: 1, model: "saas-main" });
    expect((await run(["queue", "apply", file, "--db", db])).out).toContain('"revision":2');
    const listed = await run(["queue", "list", "--db", db]);
    expect(JSON.parse(listed.out)).toMatchObject({ id: "sales", size: 0, revision: 2 });
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "id: sales\nmodel: nope\norder: [height]\n");
    const refused = await run(["queue", "apply", bad, "--db", db]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("bad.yaml: /order:");
    expect((await run(["queue", "delete", "sales", "--db", db])).code).toBe(0);
    expect((await run(["queue", "list", "--db", db])).out).toBe("");
    expect((await run(["queue", "frobnicate"])).code).toBe(2);
  });
});
