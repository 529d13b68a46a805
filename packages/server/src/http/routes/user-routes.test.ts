import { afterEach, describe, expect, it } from "vitest";
import { createAuthTestApp, TEST_PASSWORD } from "../testing/create-auth-test-app.ts";
import { readProblem } from "../testing/create-test-app.ts";

let open: Awaited<ReturnType<typeof createAuthTestApp>>[] = [];
async function setup() {
  const t = await createAuthTestApp();
  open.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(open.map((t) => t.app.close()));
  open = [];
});

interface UserBody {
  id: string;
  email: string;
  role: string;
  disabledAt: number | null;
}

describe("users API", () => {
  it("creates a user with a generated password shown once, lists, changes, resets and deletes", async () => {
    const t = await setup();
    const created = await t.call("POST", "/v1/users", {
      key: t.adminKey,
      body: { email: "Bo@Example.com", role: "agent" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { user, password } = (await created.json()) as { user: UserBody; password: string };
    expect(user).toMatchObject({ email: "bo@example.com", role: "agent", disabledAt: null });
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await t.signIn("bo@example.com", password)).toMatch(/^leadscore_session=/);

    const listed = await (await t.call("GET", "/v1/users", { key: t.adminKey })).json();
    expect(listed).toEqual({ data: [user] });
    expect(JSON.stringify(listed)).not.toContain("scrypt");

    const patched = await t.call("PATCH", `/v1/users/${user.id}`, {
      key: t.adminKey,
      body: { role: "marketer" },
    });
    expect(await patched.json()).toMatchObject({ id: user.id, role: "marketer" });

    const reset = await t.call("POST", `/v1/users/${user.id}/password`, {
      key: t.adminKey,
      body: { password: "a new long password" },
    });
    expect(await reset.json()).toMatchObject({ user: { id: user.id }, password: null });
    await expect(t.signIn("bo@example.com", password)).rejects.toThrow(/401/);
    await t.signIn("bo@example.com", "a new long password");

    const generated = await t.call("POST", `/v1/users/${user.id}/password`, {
      key: t.adminKey,
      body: {},
    });
    expect(((await generated.json()) as { password: string }).password).toMatch(/^\S{20}$/);

    expect((await t.call("DELETE", `/v1/users/${user.id}`, { key: t.adminKey })).status).toBe(200);
    expect(
      (await t.call("GET", "/v1/users", { key: t.adminKey }).then((r) => r.json())).data,
    ).toEqual([]);
  });

  it("disables and enables a user", async () => {
    const t = await setup();
    const id = await t.addUser("bo@example.com", "agent");
    const cookie = await t.signIn("bo@example.com");
    const off = await t.call("PATCH", `/v1/users/${id}`, {
      key: t.adminKey,
      body: { disabled: true },
    });
    expect(((await off.json()) as UserBody).disabledAt).toBe(t.clock.nowMs);
    expect((await t.asUser(cookie, "GET", "/v1/session")).status).toBe(401);
    await expect(t.signIn("bo@example.com")).rejects.toThrow(/401/);
    await t.call("PATCH", `/v1/users/${id}`, { key: t.adminKey, body: { disabled: false } });
    await t.signIn("bo@example.com");
  });

  it.each([
    ["POST", "/v1/users", { email: "x@example.com", role: "root" }, "/role"],
    ["POST", "/v1/users", { role: "agent" }, "/email"],
    [
      "POST",
      "/v1/users",
      { email: "x@example.com", role: "agent", password: "short" },
      "/password",
    ],
    ["PATCH", "/v1/users/usr_1", {}, "/role"],
    ["PATCH", "/v1/users/usr_1", { disabled: "yes" }, "/disabled"],
    ["POST", "/v1/users/usr_1/password", { password: "short" }, "/password"],
  ])("%s %s %j → 400 naming %s", async (method, path, body, pointer) => {
    const t = await setup();
    const response = await t.call(method, path, { key: t.adminKey, body });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors.map((e) => e.pointer)).toContain(pointer);
  });

  it("answers 422 for an email that is not one and 409 for an email in use", async () => {
    const t = await setup();
    await t.addUser("bo@example.com", "agent");
    const notEmail = await t.call("POST", "/v1/users", {
      key: t.adminKey,
      body: { email: "not an email", role: "agent" },
    });
    expect(notEmail.status).toBe(422);
    expect((await readProblem(notEmail)).errors[0]?.pointer).toBe("/email");
    const taken = await t.call("POST", "/v1/users", {
      key: t.adminKey,
      body: { email: " BO@example.com", role: "admin", password: TEST_PASSWORD },
    });
    expect(taken.status).toBe(409);
    expect((await readProblem(taken)).errors[0]?.pointer).toBe("/email");
  });

  it("answers 404 for an unknown user", async () => {
    const t = await setup();
    for (const [method, path, body] of [
      ["PATCH", "/v1/users/usr_nope", { role: "agent" }],
      ["DELETE", "/v1/users/usr_nope", undefined],
      ["POST", "/v1/users/usr_nope/password", {}],
    ] as const) {
      const response = await t.call(method, path, { key: t.adminKey, body });
      expect(response.status).toBe(404);
      await readProblem(response);
    }
  });

  it("keeps one enabled admin: the last one cannot be demoted, disabled or deleted", async () => {
    const t = await setup();
    const ana = await t.addUser("ana@example.com", "admin");
    for (const [method, body, pointer] of [
      ["PATCH", { role: "agent" }, "/role"],
      ["PATCH", { disabled: true }, "/disabled"],
      ["DELETE", undefined, ""],
    ] as const) {
      const response = await t.call(method, `/v1/users/${ana}`, { key: t.adminKey, body });
      expect(response.status).toBe(409);
      expect((await readProblem(response)).errors[0]?.pointer).toBe(pointer);
    }
    await t.addUser("cy@example.com", "admin");
    const demoted = await t.call("PATCH", `/v1/users/${ana}`, {
      key: t.adminKey,
      body: { role: "agent" },
    });
    expect(demoted.status).toBe(200);
  });

  it("is admin only, for keys and sessions alike", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    await t.addUser("mo@example.com", "marketer");
    const key = await t.app.services.keys.create({
      kind: "secret",
      name: "crm",
      scopes: ["leads:read", "leads:write", "models:write"],
    });
    const secret = key.ok ? key.value.secret : "";
    const marketer = await t.signIn("mo@example.com");
    const admin = await t.signIn("ana@example.com");
    const requests = [
      ["GET", "/v1/users", undefined],
      ["POST", "/v1/users", { email: "z@example.com", role: "admin" }],
      ["PATCH", "/v1/users/usr_x", { role: "admin" }],
      ["DELETE", "/v1/users/usr_x", undefined],
      ["POST", "/v1/users/usr_x/password", {}],
    ] as const;
    for (const [method, path, body] of requests) {
      expect((await t.call(method, path, { key: secret, body })).status).toBe(403);
      expect((await t.asUser(marketer, method, path, { body })).status).toBe(403);
      expect((await t.call(method, path, { key: null, body })).status).toBe(401);
    }
    const byAdmin = await t.asUser(admin, "POST", "/v1/users", {
      body: { email: "z@example.com", role: "agent" },
    });
    expect(byAdmin.status).toBe(201);
    const forged = await t.asUser(admin, "POST", "/v1/users", {
      body: { email: "y@example.com", role: "admin" },
      csrf: false,
    });
    expect(forged.status).toBe(403);
  });

  it("shows the value of publishable keys, never of secret ones", async () => {
    const t = await setup();
    const pk = await t.call("POST", "/v1/keys", {
      key: t.adminKey,
      body: { kind: "publishable", name: "site", allowedOrigins: ["https://shop.example"] },
    });
    const { secret } = (await pk.json()) as { secret: string };
    const listed = (await (await t.call("GET", "/v1/keys", { key: t.adminKey })).json()) as {
      data: { kind: string; publishableKey?: string }[];
    };
    expect(listed.data.find((k) => k.kind === "publishable")?.publishableKey).toBe(secret);
    expect(listed.data.filter((k) => k.kind === "secret").map((k) => k.publishableKey)).toEqual([
      undefined,
    ]);
  });
});

describe("answers carrying a secret shown once", () => {
  const retry = { "idempotency-key": "retry-1" };

  it("refuses an Idempotency-Key on user creation, password reset and key creation, doing nothing", async () => {
    const t = await setup();
    const id = await t.addUser("bo@example.com", "agent");
    for (const [path, body] of [
      ["/v1/users", { email: "cy@example.com", role: "agent" }],
      [`/v1/users/${id}/password`, {}],
      ["/v1/keys", { kind: "secret", name: "ci", scopes: ["leads:read"] }],
    ] as const) {
      const response = await t.call("POST", path, { key: t.adminKey, body, headers: retry });
      expect(response.status).toBe(400);
      expect((await readProblem(response)).type).toMatch(/idempotency-key-not-supported$/);
    }
    const users = (await (await t.call("GET", "/v1/users", { key: t.adminKey })).json()) as {
      data: UserBody[];
    };
    expect(users.data.map((u) => u.email)).toEqual(["bo@example.com"]);
    await t.signIn("bo@example.com");
    const keys = (await (await t.call("GET", "/v1/keys", { key: t.adminKey })).json()) as {
      data: unknown[];
    };
    expect(keys.data).toHaveLength(1);
  });

  it("marks them no-store, and a retry without the header creates nothing twice by accident", async () => {
    const t = await setup();
    const key = await t.call("POST", "/v1/keys", {
      key: t.adminKey,
      body: { kind: "secret", name: "ci", scopes: ["leads:read"] },
    });
    expect(key.status).toBe(201);
    expect(key.headers.get("cache-control")).toBe("no-store");
    const body = { email: "cy@example.com", role: "agent" };
    expect((await t.call("POST", "/v1/users", { key: t.adminKey, body })).status).toBe(201);
    expect((await t.call("POST", "/v1/users", { key: t.adminKey, body })).status).toBe(409);
  });

  it("lists the refusal in the OpenAPI document", async () => {
    const t = await setup();
    const doc = (await (await t.call("GET", "/openapi.json", { key: null })).json()) as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    for (const [path, method] of [
      ["/v1/users", "post"],
      ["/v1/users/{id}/password", "post"],
      ["/v1/keys", "post"],
    ] as const) {
      expect(doc.paths[path]?.[method]?.description).toMatch(/Idempotency-Key/);
    }
  });
});
