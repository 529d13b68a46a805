import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli/cli-io.ts";
import { runCli } from "../cli/run-cli.ts";
import { parseModelText } from "../models/load-model-file.ts";

const workDir = mkdtempSync(join(tmpdir(), "leadscore-learn-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    cwd: workDir,
  };
  return runCli(argv, io).then((code) => ({ code, out: out.join(""), err: err.join("") }));
}

/** A CRM-like export: a size that matters, a title with placeholders, noise, and a rare outcome. */
function crmCsv(separator: string, rows: number): string {
  const lines = [
    ["employees", "title", "source", "notes", "closed_amount", "Converted"].join(separator),
  ];
  let seed = 42;
  const random = () => {
    seed = (seed * 16_807) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  for (let i = 0; i < rows; i += 1) {
    const employees = Math.floor(random() * 500);
    const title = ["Director", "Engineer", "Select", "", "unknown", "Student"][i % 6]!;
    const source = ["web", "event", "partner"][Math.floor(random() * 3)]!;
    const chance = 0.02 + (employees > 250 ? 0.1 : 0) + (title === "Director" ? 0.15 : 0);
    const converted = random() < chance;
    const amount = converted ? String(1000 + i) : "";
    const note = `"said ""maybe""${separator} call back"`;
    lines.push([employees, title, source, note, amount, converted ? "Yes" : "No"].join(separator));
  }
  return `${lines.join("\r\n")}\r\n`;
}

describe("leadscore learn on crafted CSVs", () => {
  it.each([";", ","])(
    "learns from a %s-separated export with placeholders and a rare outcome",
    async (separator) => {
      const csv = join(workDir, `crm-${separator === ";" ? "semicolon" : "comma"}.csv`);
      writeFileSync(csv, crmCsv(separator, 3000));
      const modelPath = join(workDir, `model-${separator === ";" ? "semicolon" : "comma"}.yaml`);
      const { code, out } = await run([
        "learn",
        csv,
        "--target",
        "Converted",
        "--positive",
        "yes",
        "--out",
        modelPath,
        "--json",
      ]);
      expect(code).toBe(0);
      const report = JSON.parse(out) as {
        positives: number;
        rows: number;
        leaks: { column: string; excluded: boolean; reasons: string[] }[];
        columns: { column: string; use: string; levels?: number }[];
        model: { fit: { id: string; when: unknown; points: number }[] };
      };
      expect(report.rows).toBe(3000);
      expect(report.positives / report.rows).toBeLessThan(0.15);
      // Known only after the sale: filled in for converted leads only, and named like it.
      expect(report.leaks.map((leak) => [leak.column, leak.excluded])).toEqual([
        ["closed_amount", true],
      ]);
      expect(report.columns.find((column) => column.column === "notes")).toMatchObject({
        use: "skipped",
      });
      const text = readFileSync(modelPath, "utf8");
      expect(parseModelText(text, modelPath).ok).toBe(true);
      const rules = JSON.stringify(report.model.fit);
      expect(rules).toContain('"trait":"employees"');
      // Placeholders are missing values, never categories of their own.
      expect(rules).not.toMatch(/"Select"|"unknown"/);
      // Director, Engineer, Student and one "missing" level for "", "Select" and "unknown".
      expect(report.columns.find((column) => column.column === "title")).toMatchObject({
        use: "categorical",
        levels: 4,
      });
    },
  );

  it("keeps a named leak candidate with --include and always drops --exclude columns", async () => {
    const csv = join(workDir, "crm-include.csv");
    writeFileSync(csv, crmCsv(",", 2000));
    const { code, out } = await run([
      "learn",
      csv,
      "--target",
      "Converted",
      "--positive",
      "Yes",
      "--include",
      "closed_amount",
      "--exclude",
      "source",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      leaks: { column: string; excluded: boolean }[];
      columns: { column: string; use: string }[];
    };
    expect(report.leaks).toEqual([
      expect.objectContaining({ column: "closed_amount", excluded: false }),
    ]);
    expect(report.columns.find((column) => column.column === "source")).toMatchObject({
      use: "excluded",
    });
  });

  it("fails with a message, not a stack, when the target has one outcome or is missing", async () => {
    const csv = join(workDir, "one-class.csv");
    writeFileSync(csv, "a,won\n1,no\n2,no\n");
    const oneClass = await run(["learn", csv, "--target", "won"]);
    expect(oneClass).toMatchObject({ code: 1 });
    expect(oneClass.err).toContain("only one outcome");
    const missing = await run(["learn", csv, "--target", "nope"]);
    expect(missing.err).toContain('no column "nope"');
    await expect(run(["learn", csv])).resolves.toMatchObject({ code: 2 });
  });

  it("evaluate --json prints one object with the headline figures and per-band rows", async () => {
    const csv = join(workDir, "crm-eval.csv");
    writeFileSync(csv, crmCsv(";", 2000));
    const modelPath = join(workDir, "model-eval.yaml");
    const report = join(workDir, "report.html");
    expect(
      (await run(["learn", csv, "--target", "Converted", "--out", modelPath, "--report", report]))
        .code,
    ).toBe(0);
    const { code, out } = await run([
      "evaluate",
      csv,
      "--model",
      modelPath,
      "--target",
      "Converted",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(out.trim().split("\n")).toHaveLength(1);
    const result = JSON.parse(out) as Record<string, unknown> & {
      bands: Record<string, unknown>[];
    };
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        "auc",
        "lift10",
        "rows",
        "positives",
        "bands",
        "deciles",
        "calibration",
      ]),
    );
    expect(result.auc).toBeGreaterThan(0.6);
    expect(result.bands[0]).toEqual(
      expect.objectContaining({
        name: "cold",
        rows: expect.any(Number),
        positives: expect.any(Number),
      }),
    );
    const html = readFileSync(report, "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
