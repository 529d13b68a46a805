import { describe, expect, it } from "vitest";
import { loadConfig, redactConfig } from "./load-config.ts";

describe("loadConfig", () => {
  it("fills defaults and reads values", () => {
    const result = loadConfig({ PORT: "8080", LEADSCORE_DB: "/tmp/x.db" });
    expect(result.ok && result.config).toMatchObject({
      PORT: 8080,
      LEADSCORE_DB: "/tmp/x.db",
      LOG_LEVEL: "info",
    });
  });

  it("lists every invalid value instead of falling back", () => {
    const result = loadConfig({ PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "nope" });
    expect(result.ok ? [] : result.problems.map((p) => p.split(":")[0])).toEqual([
      "PORT",
      "LOG_LEVEL",
      "DATABASE_URL",
    ]);
  });

  it("redacts secrets", () => {
    const result = loadConfig({ DATABASE_URL: "postgres://u:secret@h/db" });
    const shown = result.ok ? JSON.stringify(redactConfig(result.config)) : "";
    expect(shown).not.toContain("secret@");
    expect(shown).toContain("[redacted]");
  });
});
