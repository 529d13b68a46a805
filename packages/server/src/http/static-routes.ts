import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { HttpEnv } from "./http-env.ts";

export interface StaticAssets {
  /** The built dashboard (`packages/dashboard/dist`); absent when it was not built. */
  readonly dashboardRoot?: string;
  /** The tracking snippet served at `/t.js`, built once at start. */
  readonly trackerScript?: string;
  /** Demo mode: the shop page carrying the snippet, at `/demo/site`. */
  readonly demoSite?: () => Promise<string>;
}

/** The snippet at `/t.js` and the dashboard at `/`, whose client-side routes all answer index.html. */
export function registerStaticRoutes(app: OpenAPIHono<HttpEnv>, assets: StaticAssets): void {
  const { trackerScript, dashboardRoot, demoSite } = assets;
  if (demoSite !== undefined) app.get("/demo/site", async (c) => c.html(await demoSite()));
  if (trackerScript !== undefined) {
    app.get("/t.js", (c) =>
      c.body(trackerScript, 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=300",
        "access-control-allow-origin": "*",
      }),
    );
  }
  if (dashboardRoot === undefined) return;
  let indexHtml: Promise<string> | undefined;
  app.use("/assets/*", serveStatic({ root: dashboardRoot }));
  app.get("*", async (c, next) => {
    const path = c.req.path;
    if (path.startsWith("/v1/") || path.includes(".")) return next();
    indexHtml ??= readFile(join(dashboardRoot, "index.html"), "utf8");
    return c.html(await indexHtml);
  });
  app.use("*", serveStatic({ root: dashboardRoot }));
}
