import { afterEach, describe, expect, it } from "vitest";
import { cookieOf, createAuthTestApp, TEST_PASSWORD } from "../testing/create-auth-test-app.ts";
import { readProblem } from "../testing/create-test-app.ts";

const CSRF = { "x-leadscore-csrf": "1" };
const HOUR_MS = 3_600_000;
let open: Awaited<ReturnType<typeof createAuthTestApp>>[] = [];

async function setup(options: Parameters<typeof createAuthTestApp>[0] = {}) {
  const t = await createAuthTestApp(options);
  open.push(t);
  return t;
}

afterEach(async () => {
  await Promise.all(open.map((t) => t.app.close()));
  open = [];
});

describe("POST /v1/session", () => {
  it("signs in with the right password: an HttpOnly, SameSite cookie and who is signed in", async () => {
    const t = await setup();
    await t.addUser("Ana@Example.com", "agent");
    const response = await t.call("POST", "/v1/session", {
      key: null,
      headers: CSRF,
      body: { email: " ana@example.COM ", password: TEST_PASSWORD },
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^leadscore_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain(`Max-Age=${7 * 24 * 3600}`);
    expect(cookie).not.toContain("Secure");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      user: { email: "ana@example.com", role: "agent", disabledAt: null },
      scopes: ["leads:read", "leads:write", "queues:work"],
      expiresAt: t.clock.nowMs + 7 * 24 * HOUR_MS,
      idleExpiresAt: t.clock.nowMs + 12 * HOUR_MS,
    });
    expect(JSON.stringify(body)).not.toContain("passwordHash");
  });

  it("sets a Secure __Host- cookie over https", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const response = await t.http.app.request("https://crm.example/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json", ...CSRF },
      body: JSON.stringify({ email: "ana@example.com", password: TEST_PASSWORD }),
    });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-leadscore_session=/);
    expect(cookie).toContain("Secure");
    const who = await t.http.app.request("https://crm.example/v1/session", {
      headers: { cookie: cookieOf(response) },
    });
    expect(who.status).toBe(200);
  });

  it("answers the same 401 for a wrong password and an unknown email", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    for (const body of [
      { email: "ana@example.com", password: "wrong password" },
      { email: "nobody@example.com", password: TEST_PASSWORD },
    ]) {
      const response = await t.call("POST", "/v1/session", { key: null, headers: CSRF, body });
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect((await readProblem(response)).detail).toBe("The email or password is not right.");
    }
  });

  it.each([
    [{ email: "ana@example.com" }, "/password"],
    [{ password: "x" }, "/email"],
    [{ email: "", password: "x" }, "/email"],
  ])("rejects %j naming the field", async (body, pointer) => {
    const t = await setup();
    const response = await t.call("POST", "/v1/session", { key: null, headers: CSRF, body });
    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors.map((e) => e.pointer)).toContain(pointer);
  });

  it("refuses a sign-in without the CSRF header or from another site", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const body = { email: "ana@example.com", password: TEST_PASSWORD };
    const bare = await t.call("POST", "/v1/session", { key: null, body });
    expect(bare.status).toBe(403);
    expect((await readProblem(bare)).type).toMatch(/csrf$/);
    const crossSite = await t.call("POST", "/v1/session", {
      key: null,
      body,
      headers: { ...CSRF, "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
  });

  it("throttles repeated failures per account with 429 and Retry-After, then lets the user in", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const attempt = (password: string) =>
      t.call("POST", "/v1/session", {
        key: null,
        headers: CSRF,
        body: { email: "ana@example.com", password },
      });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password")).status).toBe(401);
    const blocked = await attempt(TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBe(15 * 60);
    expect((await readProblem(blocked)).type).toMatch(/rate-limited$/);
    t.clock.nowMs += 15 * 60_000;
    expect((await attempt(TEST_PASSWORD)).status).toBe(200);
  });

  it("throttles failures per client address across accounts", async () => {
    const t = await setup({ throttle: { maxFailuresPerIp: 3 } });
    const fromIp = (email: string) =>
      t.http.app.request(
        "/v1/session",
        {
          method: "POST",
          headers: { "content-type": "application/json", ...CSRF },
          body: JSON.stringify({ email, password: "wrong password" }),
        },
        { incoming: { socket: { remoteAddress: "203.0.113.9" } } },
      );
    for (const n of [1, 2, 3]) expect((await fromIp(`u${n}@example.com`)).status).toBe(401);
    const blocked = await fromIp("u4@example.com");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).not.toBeNull();
  });

  it("behind a trusted proxy, throttles by the address the proxy appended, not one a client made up", async () => {
    const t = await setup({ throttle: { maxFailuresPerIp: 2 }, trustProxy: true });
    const attempt = (n: number) =>
      t.call("POST", "/v1/session", {
        key: null,
        headers: { ...CSRF, "x-forwarded-for": `10.9.9.${n}, 203.0.113.50` },
        body: { email: `u${n}@example.com`, password: "wrong password" },
      });
    expect((await attempt(1)).status).toBe(401);
    expect((await attempt(2)).status).toBe(401);
    expect((await attempt(3)).status).toBe(429);
  });

  it("ignores X-Forwarded-For unless told to trust a proxy", async () => {
    const t = await setup({ throttle: { maxFailuresPerIp: 1 } });
    for (const n of [1, 2, 3]) {
      const response = await t.call("POST", "/v1/session", {
        key: null,
        headers: { ...CSRF, "x-forwarded-for": "203.0.113.50" },
        body: { email: `u${n}@example.com`, password: "wrong password" },
      });
      expect(response.status).toBe(401);
    }
  });

  it("rotates: signing in again ends the session the browser had", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const first = await t.signIn("ana@example.com");
    const again = await t.call("POST", "/v1/session", {
      key: null,
      headers: { ...CSRF, cookie: first },
      body: { email: "ana@example.com", password: TEST_PASSWORD },
    });
    const second = cookieOf(again);
    expect(second).not.toBe(first);
    expect((await t.asUser(first, "GET", "/v1/session")).status).toBe(401);
    expect((await t.asUser(second, "GET", "/v1/session")).status).toBe(200);
  });
});

describe("GET and DELETE /v1/session", () => {
  it("answers 401 without a session and clears an unknown cookie", async () => {
    const t = await setup();
    expect((await t.call("GET", "/v1/session", { key: null })).status).toBe(401);
    const stale = await t.asUser("leadscore_session=made-up", "GET", "/v1/session");
    expect(stale.status).toBe(401);
    expect(stale.headers.get("set-cookie")).toContain("Max-Age=0");
  });

  it("signs out: the cookie is cleared and the token stops working", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const cookie = await t.signIn("ana@example.com");
    expect((await t.asUser(cookie, "DELETE", "/v1/session", { csrf: false })).status).toBe(403);
    const out = await t.asUser(cookie, "DELETE", "/v1/session");
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await t.asUser(cookie, "GET", "/v1/session")).status).toBe(401);
    expect((await t.asUser(cookie, "GET", "/v1/leads")).status).toBe(401);
    expect((await t.call("DELETE", "/v1/session", { key: null })).status).toBe(204);
  });

  it("ends a session after the idle time, and after the absolute time even when used", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const idle = await t.signIn("ana@example.com");
    t.clock.nowMs += 12 * HOUR_MS;
    expect((await t.asUser(idle, "GET", "/v1/session")).status).toBe(401);

    const busy = await t.signIn("ana@example.com");
    for (let hours = 11; hours <= 176; hours += 11) {
      t.clock.nowMs += 11 * HOUR_MS;
      const status = (await t.asUser(busy, "GET", "/v1/leads")).status;
      expect(status).toBe(hours < 7 * 24 ? 200 : 401);
    }
  });
});

describe("sessions authorise like keys, with the scopes of the role", () => {
  it.each([
    ["agent", "GET", "/v1/leads", 200],
    ["agent", "GET", "/v1/keys", 403],
    ["agent", "GET", "/v1/users", 403],
    ["agent", "PUT", "/v1/models/saas-main", 403],
    ["marketer", "GET", "/v1/leads", 200],
    ["marketer", "POST", "/v1/leads/ld_x/stage", 403],
    ["marketer", "GET", "/v1/keys", 403],
    ["admin", "GET", "/v1/keys", 200],
    ["admin", "GET", "/v1/users", 200],
  ] as const)("%s %s %s → %i", async (role, method, path, status) => {
    const t = await setup();
    await t.addUser(`${role}@example.com`, role);
    const cookie = await t.signIn(`${role}@example.com`);
    const body = method === "GET" ? undefined : { model: "x", action: "accept", reason: "r" };
    const response = await t.asUser(cookie, method, path, body === undefined ? {} : { body });
    expect(response.status).toBe(status);
  });

  it("lets an agent change a stage only with the CSRF header", async () => {
    const t = await setup();
    await t.addUser("agent@example.com", "agent");
    const cookie = await t.signIn("agent@example.com");
    const body = { model: "saas-main", action: "accept", reason: "called" };
    const forged = await t.asUser(cookie, "POST", "/v1/leads/ld_x/stage", { body, csrf: false });
    expect(forged.status).toBe(403);
    const crossSite = await t.asUser(cookie, "POST", "/v1/leads/ld_x/stage", {
      body,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const real = await t.asUser(cookie, "POST", "/v1/leads/ld_x/stage", { body });
    expect(real.status).toBe(404);
  });

  it("applies a role change at the next request and ends sessions of a disabled user", async () => {
    const t = await setup();
    await t.addUser("ana@example.com", "admin");
    const id = await t.addUser("bo@example.com", "agent");
    const cookie = await t.signIn("bo@example.com");
    expect((await t.asUser(cookie, "GET", "/v1/keys")).status).toBe(403);
    await t.app.services.users.update({ id, role: "admin" });
    expect((await t.asUser(cookie, "GET", "/v1/keys")).status).toBe(200);
    expect((await t.app.services.users.update({ id, disabled: true })).ok).toBe(true);
    expect((await t.asUser(cookie, "GET", "/v1/leads")).status).toBe(401);
    const again = await t.call("POST", "/v1/session", {
      key: null,
      headers: CSRF,
      body: { email: "bo@example.com", password: TEST_PASSWORD },
    });
    expect(again.status).toBe(401);
  });

  it("prefers an Authorization header over the cookie, without a CSRF check", async () => {
    const t = await setup();
    await t.addUser("agent@example.com", "agent");
    const cookie = await t.signIn("agent@example.com");
    const response = await t.call("GET", "/v1/keys", {
      key: t.adminKey,
      headers: { cookie },
    });
    expect(response.status).toBe(200);
  });
});

describe("POST /v1/session/password", () => {
  it("changes your own password: other sessions end, this browser gets a new one", async () => {
    const t = await setup();
    await t.addUser("bo@example.com", "agent");
    const here = await t.signIn("bo@example.com");
    const elsewhere = await t.signIn("bo@example.com");
    const response = await t.asUser(here, "POST", "/v1/session/password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: "a brand new password" },
    });
    expect(response.status).toBe(200);
    const renewed = cookieOf(response);
    expect(renewed).not.toBe(here);
    expect(await response.json()).toMatchObject({ user: { email: "bo@example.com" } });
    expect((await t.asUser(renewed, "GET", "/v1/session")).status).toBe(200);
    expect((await t.asUser(here, "GET", "/v1/session")).status).toBe(401);
    expect((await t.asUser(elsewhere, "GET", "/v1/session")).status).toBe(401);
    await expect(t.signIn("bo@example.com")).rejects.toThrow(/401/);
    await t.signIn("bo@example.com", "a brand new password");
  });

  it.each([
    [
      { currentPassword: "wrong password", newPassword: "a brand new password" },
      422,
      "/currentPassword",
    ],
    [{ currentPassword: TEST_PASSWORD, newPassword: "short" }, 400, "/newPassword"],
    [{ newPassword: "a brand new password" }, 400, "/currentPassword"],
  ])("answers %j with %i naming %s", async (body, status, pointer) => {
    const t = await setup();
    await t.addUser("bo@example.com", "agent");
    const cookie = await t.signIn("bo@example.com");
    const response = await t.asUser(cookie, "POST", "/v1/session/password", { body });
    expect(response.status).toBe(status);
    expect((await readProblem(response)).errors.map((e) => e.pointer)).toContain(pointer);
    expect((await t.asUser(cookie, "GET", "/v1/session")).status).toBe(200);
  });

  it("needs a session and the CSRF header, and throttles wrong current passwords", async () => {
    const t = await setup();
    await t.addUser("bo@example.com", "agent");
    const body = { currentPassword: "wrong password", newPassword: "a brand new password" };
    expect(
      (await t.call("POST", "/v1/session/password", { key: null, headers: CSRF, body })).status,
    ).toBe(401);
    const cookie = await t.signIn("bo@example.com");
    expect(
      (await t.asUser(cookie, "POST", "/v1/session/password", { body, csrf: false })).status,
    ).toBe(403);
    for (let i = 0; i < 5; i++) {
      expect((await t.asUser(cookie, "POST", "/v1/session/password", { body })).status).toBe(422);
    }
    const blocked = await t.asUser(cookie, "POST", "/v1/session/password", { body });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).not.toBeNull();
  });
});
