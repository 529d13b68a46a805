import { describe, expect, it } from "vitest";
import { createTestApp, readProblem } from "../testing/create-test-app.ts";
import { TEST_KEYS } from "../testing/fake-app-services.ts";

describe("models API", () => {
  it("lists, gets and lists versions", async () => {
    const { call } = createTestApp();
    const list = await call("GET", "/v1/models", { key: TEST_KEYS.reader });
    expect(await list.json()).toEqual({
      data: [
        {
          id: "main",
          name: "Main",
          version: 1,
          publishedAt: 1_700_000_000_000,
          document: { id: "main" },
        },
      ],
    });
    expect(await (await call("GET", "/v1/models/main")).json()).toMatchObject({
      id: "main",
      version: 1,
    });
    expect(await (await call("GET", "/v1/models/main/versions")).json()).toEqual({
      data: [{ version: 1, publishedAt: 1, retroactive: false }],
    });
  });

  it.each(["/v1/models/nope", "/v1/models/nope/versions"])("answers 404 for %s", async (path) => {
    const { call } = createTestApp();
    const response = await call("GET", path);
    expect(response.status).toBe(404);
    await readProblem(response);
  });

  it("publishes a JSON model retroactively and reports the changes", async () => {
    const { call, fake } = createTestApp();
    const response = await call("PUT", "/v1/models/main?retroactive=true", {
      body: { id: "main" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      version: 2,
      retroactive: true,
      leadsRescored: 3,
      bandChanges: 1,
      stageChanges: 0,
    });
    expect(fake.calls[0]?.input).toMatchObject({
      id: "main",
      retroactive: true,
      source: { document: { id: "main" } },
    });
  });

  it("hands a YAML model to the use case as text", async () => {
    const { call, fake } = createTestApp();
    const yaml = "id: main\nname: Main\n";
    const response = await call("PUT", "/v1/models/main", {
      raw: yaml,
      headers: { "content-type": "application/yaml" },
    });
    expect(response.status).toBe(200);
    expect(fake.calls[0]?.input).toMatchObject({
      retroactive: false,
      source: { text: yaml, format: "yaml" },
    });
  });

  it("answers 422 with the model's problems as pointers", async () => {
    const { call } = createTestApp();
    const response = await call("PUT", "/v1/models/main", { body: { id: "main", bands: [] } });
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors).toEqual([
      { pointer: "/bands", detail: "bands must ascend" },
    ]);
  });

  it.each([
    ["malformed YAML", "id: [unclosed", "application/yaml", 400],
    ["a YAML __proto__ key", "id: main\n__proto__:\n  polluted: true\n", "application/yaml", 400],
    ["a JSON array", "[1]", "application/json", 400],
    ["malformed JSON", "{", "application/json", 400],
    ["a text body", "id: main", "text/plain", 415],
  ])("rejects %s and publishes nothing", async (_name, raw, contentType, status) => {
    const { call, fake } = createTestApp();
    const response = await call("PUT", "/v1/models/main", {
      raw,
      headers: { "content-type": contentType },
    });
    expect(response.status).toBe(status);
    await readProblem(response);
    expect(fake.calls).toEqual([]);
  });

  it("rejects retroactive values other than true and false", async () => {
    const { call, fake } = createTestApp();
    const response = await call("PUT", "/v1/models/main?retroactive=yes", { body: { id: "main" } });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors[0]?.pointer).toBe("/retroactive");
    expect(fake.calls).toEqual([]);
  });

  it("needs models:write to publish or preview", async () => {
    const { call, fake } = createTestApp();
    const put = await call("PUT", "/v1/models/main", {
      key: TEST_KEYS.writer,
      body: { id: "main" },
    });
    const preview = await call("POST", "/v1/models/main/preview", {
      key: TEST_KEYS.writer,
      body: { id: "main" },
    });
    expect([put.status, preview.status]).toEqual([403, 403]);
    expect(fake.calls).toEqual([]);
  });

  it("previews a draft without publishing", async () => {
    const { call, fake } = createTestApp();
    const response = await call("POST", "/v1/models/main/preview", { body: { id: "main" } });
    expect(await response.json()).toMatchObject({ bandChanges: 2, stageChanges: 1 });
    expect(fake.calls.map((c) => c.method)).toEqual(["models.preview"]);
  });
});
