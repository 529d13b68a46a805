import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildTracker } from "@leadscore/tracker";
import { pino } from "pino";
import { createApp } from "../../composition-root.ts";
import { loadConfig, redactConfig, storeOfConfig } from "../../config/load-config.ts";
import { startDemoMode } from "../../demo/demo-mode.ts";
import { createHttpApp } from "../../http/create-http-app.ts";
import type { CliCommand } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";

/**
 * `leadscore serve [--db <file> | --database-url <postgres://…>] [--port <n>] [--host <h>] [--demo]`:
 * runs until SIGTERM/SIGINT.
 */
export const command: CliCommand = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      db: { type: "string" },
      "database-url": { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      demo: { type: "boolean", default: false },
    },
  });
  const loaded = loadConfig({
    ...io.env,
    ...(values.db === undefined ? {} : { LEADSCORE_DB: values.db }),
    ...(values["database-url"] === undefined ? {} : { DATABASE_URL: values["database-url"] }),
    ...(values.port === undefined ? {} : { PORT: values.port }),
    ...(values.host === undefined ? {} : { HOST: values.host }),
  });
  if (!loaded.ok) throw new UsageError(`invalid configuration:\n  ${loaded.problems.join("\n  ")}`);
  const config = loaded.config;
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  logger.info({ config: redactConfig(config) }, "starting");
  const app = await createApp({
    ...storeOfConfig(config, io.cwd),
    groupCommitMs: config.LEADSCORE_GROUP_COMMIT_MS,
    decayRefreshMs: config.LEADSCORE_DECAY_REFRESH_MS,
    firstAdminEmail: config.LEADSCORE_ADMIN_EMAIL,
    auth: {
      sessions: {
        idleMs: config.LEADSCORE_SESSION_IDLE_MINUTES * 60_000,
        absoluteMs: config.LEADSCORE_SESSION_MAX_HOURS * 3_600_000,
      },
    },
    streamCoalesceMs: config.LEADSCORE_STREAM_COALESCE_MS,
  });
  if (app.adminKey !== null) {
    io.stdout(`Admin key (shown once, store it now):\n${app.adminKey}\n`);
  }
  if (app.firstAdmin !== null) {
    io.stdout(
      `Dashboard admin (shown once, store it now): ${app.firstAdmin.user.email}\nPassword: ${app.firstAdmin.password}\n`,
    );
  }
  const demo = values.demo ? await startDemoMode(app.running, { now: Date.now() }) : null;
  if (demo !== null) {
    const report = demo.seeded;
    io.stdout(
      report === null
        ? "Demo data skipped: the database already has models\n"
        : `Demo data: ${report.models.join(", ")}; queue ${report.queues.join(", ")}; ${report.accepted} events, ${report.leads} leads\n`,
    );
  }
  const assets = await staticAssets(io);
  const http = createHttpApp(app.services, {
    logger,
    staticAssets: demo === null ? assets : { ...assets, demoSite: demo.siteHtml },
    cookieSecurity: config.LEADSCORE_COOKIE_SECURE,
    trustProxy: config.LEADSCORE_TRUST_PROXY,
  });
  const server = createServer(http.nodeListener);
  server.listen(config.PORT, config.HOST, () => {
    const { port } = server.address() as AddressInfo;
    io.stdout(`leadscore listening on http://${config.HOST}:${port}\n`);
    if (demo !== null)
      io.stdout(`Demo shop with the snippet: http://${config.HOST}:${port}/demo/site\n`);
  });
  return await new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "draining");
      server.close();
      app
        .close()
        // Live streams never end by themselves: cut them once ingest in flight has committed.
        .then(() => (server as { closeAllConnections?: () => void }).closeAllConnections?.())
        .then(() => done(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          done(1);
        });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
};

const dashboardDist = join(dirname(fileURLToPath(import.meta.url)), "../../../../dashboard/dist");

async function staticAssets(io: Parameters<CliCommand>[1]) {
  const { code } = await buildTracker();
  if (existsSync(join(dashboardDist, "index.html"))) {
    return { trackerScript: code, dashboardRoot: dashboardDist };
  }
  io.stdout("Dashboard not built (npm run build -w @leadscore/dashboard): serving the API only\n");
  return { trackerScript: code };
}
