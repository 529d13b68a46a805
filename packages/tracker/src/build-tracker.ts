import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The size budget of /t.js, gzipped; the tracker's tests fail above it. */
export const trackerGzipBudgetBytes = 5 * 1024;

export type BuiltTracker = { code: string; gzipBytes: number };

/**
 * Bundles the browser snippet (src/browser/main.ts) into one minified IIFE. The server calls it
 * once at start and serves the result at `/t.js`.
 *
 * @example
 * const { code } = await buildTracker();
 * app.get("/t.js", (c) => c.body(code, 200, { "content-type": "text/javascript" }));
 */
export async function buildTracker(): Promise<BuiltTracker> {
  const packageJson = JSON.parse(
    await readFile(new URL("../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./browser/main.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    write: false,
    legalComments: "none",
    define: { LEADSCORE_VERSION: JSON.stringify(packageJson.version) },
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  return { code, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}
