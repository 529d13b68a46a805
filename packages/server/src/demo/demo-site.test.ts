import { afterEach, describe, expect, it } from "vitest";
import { createHttpApp } from "../http/create-http-app.ts";
import { createHttpLogger } from "../http/http-logger.ts";
import { publishCallers } from "../use-case-tests/queue-fixture.ts";
import { iso, makeTestApp, T0, type TestApp } from "../use-case-tests/test-app.ts";
import { demoSiteHtml } from "./demo-site.ts";

let app: TestApp;
afterEach(async () => {
  await app.close();
});

describe("the demo shop page", () => {
  it("carries the snippet with the demo key and offers medium leads from below the queue's first screen", async () => {
    app = await makeTestApp(":memory:", false);
    await publishCallers(app.services);
    const lead = (userId: string, tier: string) => ({
      type: "identify",
      userId,
      traits: { tier, name: `Name ${userId}` },
      timestamp: iso(T0 - 3_600_000),
    });
    const high = Array.from({ length: 10 }, (_, i) => lead(`h${i}`, "high"));
    await app.send([...high, lead("m1", "medium")]);
    const http = createHttpApp(app.services, {
      logger: createHttpLogger({ level: "silent" }),
      staticAssets: {
        trackerScript: "/*t*/",
        demoSite: () => demoSiteHtml(app.services, "pk_demo"),
      },
    });
    const response = await http.app.request("/demo/site");
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('leadscore.load("pk_demo"');
    expect(html).toContain('<script async src="/t.js"></script>');
    expect(html).toContain('<option value="m1">Name m1 (score 30)</option>');
    expect(html).not.toContain('value="h1"');
  });
});
