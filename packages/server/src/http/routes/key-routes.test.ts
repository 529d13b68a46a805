import { describe, expect, it } from "vitest";
import { createTestApp, readProblem } from "../testing/create-test-app.ts";
import { TEST_KEYS } from "../testing/fake-app-services.ts";

describe("keys API", () => {
  it("creates a key once, lists it without the secret, and revokes it", async () => {
    const { call } = createTestApp();
    const created = await call("POST", "/v1/keys", {
      body: { kind: "secret", name: "ci", scopes: ["leads:read"] },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { key: { id: string }; secret: string };
    expect(body.secret).toMatch(/^sk_/);
    const listed = await (await call("GET", "/v1/keys")).json();
    expect(JSON.stringify(listed)).not.toContain(body.secret);
    expect(listed).toMatchObject({
      data: [{ id: body.key.id, name: "ci", scopes: ["leads:read"] }],
    });
    expect((await call("DELETE", `/v1/keys/${body.key.id}`)).status).toBe(200);
    expect((await call("DELETE", `/v1/keys/${body.key.id}`)).status).toBe(404);
  });

  it("creates a publishable key with allowed origins", async () => {
    const { call, fake } = createTestApp();
    const response = await call("POST", "/v1/keys", {
      body: { kind: "publishable", name: "site", allowedOrigins: ["https://shop.example"] },
    });
    expect(response.status).toBe(201);
    expect(fake.calls[0]?.input).toEqual({
      kind: "publishable",
      name: "site",
      allowedOrigins: ["https://shop.example"],
    });
  });

  it.each([
    [{ kind: "root", name: "x" }, "/kind"],
    [{ kind: "secret" }, "/name"],
    [{ kind: "secret", name: "x", scopes: ["everything"] }, "/scopes/0"],
    [
      { kind: "publishable", name: "x", allowedOrigins: ["javascript:alert(1)"] },
      "/allowedOrigins/0",
    ],
  ])("rejects an invalid key request %j", async (body, pointer) => {
    const { call, fake } = createTestApp();
    const response = await call("POST", "/v1/keys", { body });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors.map((e) => e.pointer)).toContain(pointer);
    expect(fake.calls).toEqual([]);
  });

  it("maps the use case's invalid result to 422", async () => {
    const { call } = createTestApp();
    const response = await call("POST", "/v1/keys", { body: { kind: "secret", name: "x" } });
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors).toEqual([
      { pointer: "/scopes", detail: "required" },
    ]);
  });

  it("is admin-only", async () => {
    const { call, fake } = createTestApp();
    for (const [method, path] of [
      ["GET", "/v1/keys"],
      ["POST", "/v1/keys"],
      ["DELETE", "/v1/keys/key_1"],
    ] as const) {
      const body = method === "POST" ? { kind: "secret", name: "x", scopes: ["admin"] } : undefined;
      const response = await call(method, path, { key: TEST_KEYS.writer, body });
      expect(response.status).toBe(403);
    }
    expect(fake.calls).toEqual([]);
  });
});
