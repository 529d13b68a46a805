import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { buildTracker } from "@leadscore/tracker";
import { pino } from "pino";
import { type App, createApp } from "../../../server/src/composition-root.ts";
import { startDemoMode } from "../../../server/src/demo/demo-mode.ts";
import { createHttpApp } from "../../../server/src/http/create-http-app.ts";

// The real service for the browser tests, started as `serve --demo` starts it: composition root on a
// temporary SQLite file, the example models and queue, a small demo history ending an hour ago, the shop
// page with the snippet at /demo/site; plus one user per role, a lead with a known history and the built
// dashboard, on 127.0.0.1:0.

const DAY_MS = 86_400_000;
/** The demo's call queue (examples/queues/callers.yaml), over saas-main. */
export const DEMO_QUEUE = { id: "callers", name: "Call now — SaaS", model: "saas-main" } as const;

export const E2E_PASSWORD = "correct horse battery";
export const E2E_USERS = {
  admin: "ana.admin@example.com",
  marketer: "mia.marketer@example.com",
  agent: "alex.agent@example.com",
} as const;

/** A lead with a known history, so tests can find it and check its ledger. */
export const KNOWN_LEAD = { userId: "carmen-ruiz", name: "Carmen Ruiz", company: "Ruiz Motors" };

export interface DashboardServer {
  readonly origin: string;
  readonly app: App;
  close(): Promise<void>;
}

export interface DashboardServerOptions {
  readonly distDir: string;
  readonly demoLeads?: number;
}

async function knownLeadHistory(now: number): Promise<unknown[]> {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const who = { userId: KNOWN_LEAD.userId, anonymousId: "anon-carmen" };
  return [
    {
      type: "page",
      anonymousId: who.anonymousId,
      properties: { url: "https://demo.example/pricing", path: "/pricing" },
      timestamp: at(20),
    },
    {
      type: "identify",
      ...who,
      traits: {
        email: "carmen.ruiz@ruizmotors.example",
        name: KNOWN_LEAD.name,
        company: KNOWN_LEAD.company,
        jobTitle: "VP Sales",
        employees: 12345,
        budget: 25_000,
        timeframeMonths: 3,
      },
      timestamp: at(10),
    },
    {
      type: "track",
      ...who,
      event: "email.clicked",
      properties: { campaignId: "spring-launch" },
      timestamp: at(4),
    },
    {
      type: "track",
      ...who,
      event: "chatbot.completed",
      properties: { fieldsCount: 6 },
      timestamp: at(1),
    },
  ];
}

export async function startDashboardServer(
  options: DashboardServerOptions,
): Promise<DashboardServer> {
  const dir = await mkdtemp(join(tmpdir(), "leadscore-e2e-"));
  const app = await createApp({
    dbPath: join(dir, "e2e.db"),
    groupCommitMs: 1,
    auth: { passwordCost: { N: 1024, r: 8, p: 1 } },
  });
  const now = Date.now();
  const demo = await startDemoMode(app.running, { now, leads: options.demoLeads ?? 300, seed: 7 });
  await app.services.ingest.ingest({ messages: await knownLeadHistory(now), receivedAt: now });
  for (const [role, email] of Object.entries(E2E_USERS)) {
    const created = await app.services.users.create({
      email,
      role: role as keyof typeof E2E_USERS,
      password: E2E_PASSWORD,
    });
    if (!created.ok) throw new Error(created.error.detail);
  }
  const http = createHttpApp(app.services, {
    logger: pino({ level: "silent" }),
    staticAssets: {
      dashboardRoot: options.distDir,
      trackerScript: (await buildTracker()).code,
      demoSite: demo.siteHtml,
    },
  });
  const server = serve({ fetch: http.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
