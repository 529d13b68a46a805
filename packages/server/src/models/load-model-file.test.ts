import { fileURLToPath } from "node:url";
import { parseModel } from "@leadscore/core";
import { describe, expect, it } from "vitest";
import { saasMainDocument } from "../../../core/src/fixtures/saas-main-document.ts";
import { loadModelFile, parseModelText } from "./load-model-file.ts";

const example = (name: string) =>
  fileURLToPath(new URL(`../../../../examples/models/${name}`, import.meta.url));

describe("loadModelFile", () => {
  it("reads the issue's example YAML to the same model as the core fixture", async () => {
    const loaded = await loadModelFile(example("saas-main.yaml"));
    expect(loaded).toEqual(parseModel(saasMainDocument));
  });

  it("validates the second product line's example", async () => {
    expect((await loadModelFile(example("car-dealer.yaml"))).ok).toBe(true);
  });

  it("says a missing file is missing, without throwing", async () => {
    expect(await loadModelFile("/nonexistent/model.yaml")).toMatchObject({
      ok: false,
      error: [{ message: "file not found" }],
    });
  });

  it("gives every problem its line and column", () => {
    const text = [
      "id: saas-main",
      "bands:",
      "  - { name: cold, from: 0 }",
      "  - { name: warm, from: 41 }",
      "  - { name: hot, from: 21 }",
      "fit:",
      "  - id: title",
      "    when: { trait: jobTitle, matches: '(vp' }",
      "    points: 15",
      "  - id: title",
      "    when: { trait: employees, above: 50 }",
      "    points: 10",
      "engagement:",
      "  - id: click",
      "    when: { event: email.clicked }",
      "    points: 5",
      "    limit: { times: 3, per: 30days }",
      "stages:",
      "  - { stage: promoted, when: { score: { gte: 41 } } }",
    ].join("\n");
    const parsed = parseModelText(text, "bad.yaml");
    expect(parsed.ok).toBe(false);
    const located = parsed.ok
      ? []
      : parsed.error.map((p) => `${p.line}:${p.column} ${p.path.join(".")}`);
    expect(located).toEqual([
      "5:24 bands.2.from",
      "8:39 fit.0.when.matches",
      "10:9 fit.1.id",
      "11:38 fit.1.when.above",
      "17:29 engagement.0.limit.per",
      "19:14 stages.0.stage",
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const parsed = parseModelText("id: m\nfit: [\n", "broken.yaml");
    expect(parsed).toMatchObject({
      ok: false,
      error: [expect.objectContaining({ file: "broken.yaml", line: expect.any(Number) })],
    });
  });

  it("reads JSON models too, with lines", () => {
    const parsed = parseModelText(
      '{\n  "id": "m",\n  "decay": { "halfLife": "soon" }\n}',
      "m.json",
    );
    expect(parsed).toMatchObject({ ok: false, error: [{ path: ["decay", "halfLife"], line: 3 }] });
  });
});
