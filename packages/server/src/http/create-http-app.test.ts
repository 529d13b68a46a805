import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHttpApiSuite } from "./testing/http-api-suite.ts";

runHttpApiSuite("memory", async () => ({
  options: { dbPath: ":memory:" },
  dispose: async () => undefined,
}));

runHttpApiSuite("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-http-"));
  return {
    options: { dbPath: join(dir, "test.db") },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
