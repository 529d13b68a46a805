import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const INPUTS = ["index.html", "vite.config.ts", "package.json", "ui", "src"];

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (entries === null) return [path];
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.endsWith(".test.ts") && e.name !== "testing")
      .map((e) => filesUnder(join(path, e.name))),
  );
  return nested.flat();
}

async function sourceHash(): Promise<string> {
  const hash = createHash("sha256");
  const files = (await Promise.all(INPUTS.map((p) => filesUnder(join(packageDir, p))))).flat();
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(await readFile(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The production build of the dashboard, made once per source state and shared by every browser
 * test file of a run (and later runs): a directory under the system's temp folder named by a hash of
 * the sources. Concurrent test files build side by side and the first rename wins.
 */
export async function buildDashboardOnce(): Promise<string> {
  const outDir = join(tmpdir(), `leadscore-dashboard-${await sourceHash()}`);
  if (existsSync(join(outDir, "index.html"))) return outDir;
  const partial = `${outDir}.${process.pid}.partial`;
  await build({
    root: packageDir,
    configFile: join(packageDir, "vite.config.ts"),
    logLevel: "error",
    build: { outDir: partial, emptyOutDir: true, sourcemap: false },
  });
  await mkdir(dirname(outDir), { recursive: true });
  await rename(partial, outDir).catch(async () => {
    await rm(partial, { recursive: true, force: true });
  });
  return outDir;
}
