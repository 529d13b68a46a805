import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli-io.ts";
import { runCli } from "../run-cli.ts";

const examples = fileURLToPath(new URL("../../../../../examples/models/", import.meta.url));

function fakeIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "leadscore-cli-"));
  await writeFile(
    join(dir, "bad.yaml"),
    "id: Bad\nbands:\n  - { name: a, from: 0 }\n  - { name: b, from: 0 }\n",
  );
  await writeFile(
    join(dir, "changed.yaml"),
    "id: saas-main\nname: SaaS — main product\nengagement:\n  - { id: pricing-page, when: { event: page.viewed }, points: 12 }\n",
  );
  const messages = [
    {
      type: "page",
      anonymousId: "anon-1",
      messageId: "p1",
      timestamp: "2026-03-01T10:00:00Z",
      properties: { url: "https://acme.io/pricing" },
    },
    {
      type: "identify",
      anonymousId: "anon-1",
      userId: "u1",
      messageId: "i1",
      timestamp: "2026-03-01T10:05:00Z",
      traits: { email: "ada@acme.io", jobTitle: "VP Sales", employees: 200 },
    },
    {
      type: "track",
      userId: "u1",
      messageId: "t1",
      event: "demo.requested",
      timestamp: "2026-03-02T10:00:00Z",
    },
    {
      type: "track",
      userId: "u1",
      messageId: "t1",
      event: "demo.requested",
      timestamp: "2026-03-02T10:00:00Z",
    },
    {
      type: "track",
      userId: "u1",
      messageId: "t2",
      event: "email.clicked",
      timestamp: "2026-04-01T10:00:00Z",
      properties: { campaignId: "spring-launch" },
    },
    {
      type: "page",
      anonymousId: "anon-2",
      messageId: "p2",
      timestamp: "2026-03-01T11:00:00Z",
      properties: { url: "https://acme.io/blog" },
    },
  ];
  await writeFile(
    join(dir, "messages.ndjson"),
    `${messages.map((m) => JSON.stringify(m)).join("\n")}\n{broken\n`,
  );
});

describe("leadscore model validate", () => {
  it("exits 0 with a one-line summary per valid file", async () => {
    const { io, out } = fakeIo(examples);
    expect(await runCli(["model", "validate", "saas-main.yaml", "car-dealer.yaml"], io)).toBe(0);
    expect(out().trim().split("\n")).toEqual([
      'saas-main.yaml: ok — model "saas-main" (SaaS — main product): 4 fit rules, 8 engagement rules, 3 bands, 2 stage rules',
      expect.stringMatching(/^car-dealer\.yaml: ok — model "car-dealer"/),
    ]);
  });

  it("exits 1 and lists every problem with its line", async () => {
    const { io, err } = fakeIo(dir);
    expect(await runCli(["model", "validate", "bad.yaml"], io)).toBe(1);
    expect(err()).toContain("bad.yaml: 2 problems");
    expect(err()).toMatch(/bad\.yaml:1:5 {2}id: a model id/);
    expect(err()).toMatch(/bad\.yaml:4:22 {2}bands\.1\.from: bands must be ascending/);
  });
});

describe("leadscore model diff", () => {
  it("lists changed settings and rules", async () => {
    const { io, out } = fakeIo(dir);
    expect(
      await runCli(["model", "diff", join(examples, "saas-main.yaml"), "changed.yaml"], io),
    ).toBe(0);
    expect(out()).toContain('~ engagement "pricing-page": changed where, points');
    expect(out()).toContain('- engagement "campaign-click": removed');
    expect(out()).toContain('- fit "senior-title": removed');
  });
});

describe("leadscore score", () => {
  const run = async (args: string[]) => {
    const { io, out, err } = fakeIo(dir);
    const code = await runCli(
      ["score", "--model", join(examples, "saas-main.yaml"), "--input", "messages.ndjson", ...args],
      io,
    );
    return {
      code,
      lines: out()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
      err: err(),
    };
  };

  it("prints one JSON line per lead, joining the anonymous visit to the identified lead", async () => {
    const { code, lines, err } = await run(["--at", "2026-03-02T12:00:00Z"]);
    expect(code).toBe(0);
    expect(err).toContain("messages.ndjson:7  skipped: not JSON");
    expect(lines.map((l) => l.leadId)).toEqual(["u1", "anon-2"]);
    const u1 = lines[0].models["saas-main"];
    expect(u1).toMatchObject({ fit: 25, band: "warm", stage: "sql" });
    expect(u1.ledger.map((l: { ruleId: string }) => l.ruleId)).toEqual([
      "senior-title",
      "company-size",
      "pricing-page",
    ]);
    expect(lines[1].models["saas-main"]).toMatchObject({
      score: 0,
      stage: "anonymous",
      ledger: [],
    });
  });

  it("--at leaves out later events and measures decay to that time", async () => {
    const early = (await run(["--at", "2026-03-01T10:01:00Z"])).lines[0].models["saas-main"];
    expect(early).toMatchObject({ score: 10, fit: 0, stage: "anonymous" });
    const late = (await run(["--at", "2026-04-01T10:00:00Z"])).lines[0].models["saas-main"];
    expect(late.ledger.map((l: { ruleId: string }) => l.ruleId)).toContain("flagship-click");
  });

  it("scores several models side by side", async () => {
    const { lines } = await run([
      "--model",
      join(examples, "car-dealer.yaml"),
      "--at",
      "2026-03-02T12:00:00Z",
    ]);
    expect(Object.keys(lines[0].models)).toEqual(["saas-main", "car-dealer"]);
    expect(lines[0].models["car-dealer"]).toMatchObject({ band: "browsing", stage: "lead" });
  });
});
