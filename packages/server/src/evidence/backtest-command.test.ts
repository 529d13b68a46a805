import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli/cli-io.ts";
import { runCli } from "../cli/run-cli.ts";
import { createApp } from "../composition-root.ts";
import { seedDemo } from "../demo/seed-demo.ts";

const here = dirname(fileURLToPath(import.meta.url));
const saasModel = resolve(here, "../../../../examples/models/saas-main.yaml");
const workDir = mkdtempSync(join(tmpdir(), "leadscore-backtest-"));
const dbPath = join(workDir, "demo.db");
const NOW = Date.parse("2026-06-01T00:00:00Z");

beforeAll(async () => {
  const app = await createApp({ dbPath, createAdminKey: false, now: () => NOW });
  try {
    await seedDemo(app.services, {
      modelTexts: [readFileSync(saasModel, "utf8")],
      now: NOW,
      leads: 400,
      seed: 7,
    });
  } finally {
    await app.close();
  }
}, 60_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    cwd: workDir,
  };
  const code = await runCli(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}

interface BacktestJson {
  models: {
    modelId: string;
    evaluation: { rows: number; positives: number; auc: number | null };
    missedWins: number;
    mqlsPerMonth: Record<string, number>;
  }[];
  changes?: { leadId: string }[];
}

describe("leadscore backtest over the stored demo history", () => {
  it("scores the published model and a draft as of the cutoff, side by side", async () => {
    // The draft drops the pricing-page rule: fewer leads reach MQL on browsing alone.
    const draft = readFileSync(saasModel, "utf8")
      .replace(/^id: .*$/m, "id: saas-draft")
      .replace(/^(\s+points: )10$/m, "$10");
    writeFileSync(join(workDir, "draft.yaml"), draft);
    const args = ["backtest", "--db", dbPath, "--model", saasModel, "--against", "draft.yaml"];
    const { code, out, err } = await run([
      ...args,
      "--cutoff",
      "2026-04-01",
      "--horizon",
      "60d",
      "--json",
    ]);
    expect(code, err).toBe(0);
    const result = JSON.parse(out) as BacktestJson;
    expect(result.models.map((model) => model.modelId)).toEqual(["saas-main", "saas-draft"]);
    const [published, other] = result.models;
    expect(published!.evaluation.rows).toBeGreaterThan(50);
    expect(published!.evaluation.positives).toBeGreaterThan(0);
    expect(published!.evaluation.auc).toBeGreaterThan(0.5);
    // Same history, same truth: both models see the same leads and conversions.
    expect(other!.evaluation.rows).toBe(published!.evaluation.rows);
    expect(other!.evaluation.positives).toBe(published!.evaluation.positives);
    expect(Object.keys(published!.mqlsPerMonth).length).toBeGreaterThan(0);
    expect(Array.isArray(result.changes)).toBe(true);
  }, 60_000);

  it("rejects a cutoff that is not a date", async () => {
    const result = await run([
      "backtest",
      "--db",
      dbPath,
      "--model",
      saasModel,
      "--cutoff",
      "soon",
      "--horizon",
      "60d",
    ]);
    expect(result.code).toBe(2);
  });
});
