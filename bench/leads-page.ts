// The leads page in Chromium over a large database: N seeded leads, the real server in-process with
// the built dashboard, sign in, then time what a person waits for: first rows, a band filter, the
// next page, a search. Prints JSON; saves screenshots in packages/dashboard/screenshots/.
// Run: node --import tsx bench/leads-page.ts [--leads 100000]
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { buildDashboardOnce } from "../packages/dashboard/src/testing/build-dashboard-once.ts";
import { createApp } from "../packages/server/src/composition-root.ts";
import { createHttpApp } from "../packages/server/src/http/create-http-app.ts";
import { launchChromium } from "../test-support/launch-chromium.ts";
import { seedManyLeads } from "./seed-many-leads.ts";

const { values } = parseArgs({ options: { leads: { type: "string", default: "100000" } } });
const leadCount = Number(values.leads);
const root = join(import.meta.dirname, "..");
const shots = join(root, "packages/dashboard/screenshots");
const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-page-"));
const password = "correct horse battery";

try {
  const dbPath = join(dir, "page.db");
  await seedManyLeads(dbPath, leadCount, Date.now());
  const app = await createApp({ dbPath, auth: { passwordCost: { N: 1024, r: 8, p: 1 } } });
  for (const id of ["saas-main", "car-dealer"]) {
    const text = readFileSync(join(root, "examples/models", `${id}.yaml`), "utf8");
    await app.services.models.put({ id, source: { text, format: "yaml" }, retroactive: false });
  }
  await app.services.users.create({ email: "ana@example.com", role: "admin", password });
  const http = createHttpApp(app.services, {
    logger: pino({ level: "silent" }),
    staticAssets: { dashboardRoot: await buildDashboardOnce() },
  });
  const server = serve({ fetch: http.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const timings: Record<string, number> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.setDefaultTimeout(30_000);
    const rows = page.locator(".leads-table tbody tr");
    const timed = async (name: string, act: () => Promise<void>, done: () => Promise<unknown>) => {
      const startedAt = performance.now();
      await act();
      await done();
      timings[name] = Math.round(performance.now() - startedAt);
    };
    await page.goto(`${origin}/`);
    await page.getByLabel("Email").fill("ana@example.com");
    await page.getByLabel("Password").fill(password);
    await timed(
      "signInToFirstRowsMs",
      () => page.keyboard.press("Enter"),
      () => rows.first().waitFor(),
    );
    await page.getByLabel("Model").selectOption("saas-main");
    await page.getByRole("button", { name: /^warm: / }).waitFor();
    await timed(
      "bandFilterMs",
      () => page.getByRole("button", { name: /^warm: / }).click(),
      () => page.waitForFunction(() => !document.querySelector("[aria-busy='true']")),
    );
    await timed(
      "nextPageMs",
      () => page.getByRole("button", { name: /Next/ }).click(),
      () => page.getByText("Page 2").waitFor(),
    );
    // Leads are named `<first name> <index>` with Carmen on every index ≡ 2 (mod 8); a high index is unique.
    let wanted = leadCount - 1;
    while (wanted % 8 !== 2) wanted--;
    await timed(
      "searchMs",
      () => page.getByLabel("Search").fill(`carmen ${wanted}`),
      () =>
        page.waitForFunction(() => document.querySelectorAll(".leads-table tbody tr").length === 1),
    );
    mkdirSync(shots, { recursive: true });
    await page.getByLabel("Search").fill("");
    await page.waitForFunction(() => document.querySelectorAll(".leads-table tbody tr").length > 1);
    await page.screenshot({ path: join(shots, "bench-100k-leads.png") });
  } finally {
    await browser.close();
    server.close();
    await app.close();
  }
  // searchMs includes the 300 ms the search box waits for typing to stop.
  console.log(JSON.stringify({ leads: leadCount, ...timings }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
