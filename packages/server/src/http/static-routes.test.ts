import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing/create-test-app.ts";

const dashboardRoot = mkdtempSync(join(tmpdir(), "leadscore-dashboard-"));
mkdirSync(join(dashboardRoot, "assets"));
writeFileSync(join(dashboardRoot, "index.html"), "<!doctype html><title>leadscore</title>");
writeFileSync(join(dashboardRoot, "assets", "app.js"), "console.log(1)");
afterAll(() => rmSync(dashboardRoot, { recursive: true, force: true }));

describe("static routes", () => {
  const { call } = createTestApp({
    staticAssets: { dashboardRoot, trackerScript: "/*snippet*/" },
  });

  it("serves the snippet at /t.js as JavaScript", async () => {
    const response = await call("GET", "/t.js", { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(await response.text()).toBe("/*snippet*/");
  });

  it("answers index.html for the dashboard's client-side routes", async () => {
    for (const path of ["/", "/leads", "/leads/abc"]) {
      const response = await call("GET", path, { key: null });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<title>leadscore</title>");
    }
  });

  it("serves built assets and keeps API misses as problem+json", async () => {
    const asset = await call("GET", "/assets/app.js", { key: null });
    expect(await asset.text()).toBe("console.log(1)");
    const miss = await call("GET", "/v1/nothing-here");
    expect(miss.status).toBe(404);
    expect(miss.headers.get("content-type")).toContain("application/problem+json");
    const health = await call("GET", "/livez", { key: null });
    expect(health.status).toBe(200);
  });
});
