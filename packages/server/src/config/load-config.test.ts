import { describe, expect, it } from "vitest";
import { loadConfig, redactConfig, storeOfConfig } from "./load-config.ts";

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

  it("reads the sign-in settings, with safe defaults", () => {
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.config).toMatchObject({
      LEADSCORE_ADMIN_EMAIL: "admin@localhost",
      LEADSCORE_COOKIE_SECURE: "auto",
      LEADSCORE_TRUST_PROXY: false,
      LEADSCORE_SESSION_IDLE_MINUTES: 720,
      LEADSCORE_SESSION_MAX_HOURS: 168,
    });
    const set = loadConfig({ LEADSCORE_TRUST_PROXY: "true", LEADSCORE_COOKIE_SECURE: "always" });
    expect(set.ok && set.config.LEADSCORE_TRUST_PROXY).toBe(true);
    const bad = loadConfig({ LEADSCORE_COOKIE_SECURE: "sometimes", LEADSCORE_TRUST_PROXY: "yes" });
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(":")[0])).toEqual([
      "LEADSCORE_COOKIE_SECURE",
      "LEADSCORE_TRUST_PROXY",
    ]);
  });

  it("redacts secrets", () => {
    const result = loadConfig({ DATABASE_URL: "postgres://u:secret@h/db" });
    const shown = result.ok ? JSON.stringify(redactConfig(result.config)) : "";
    expect(shown).not.toContain("secret@");
    expect(shown).toContain("[redacted]");
  });

  it("picks SQLite by default and PostgreSQL when given a URL, never both", () => {
    const sqlite = loadConfig({});
    expect(sqlite.ok && storeOfConfig(sqlite.config, "/srv")).toEqual({
      dbPath: "/srv/leadscore.db",
    });
    const postgres = loadConfig({ DATABASE_URL: "postgres://u@h:5432/db" });
    expect(postgres.ok && storeOfConfig(postgres.config, "/srv")).toEqual({
      databaseUrl: "postgres://u@h:5432/db",
    });
    const both = loadConfig({ LEADSCORE_DB: "x.db", DATABASE_URL: "postgres://h/db" });
    expect(both.ok ? [] : both.problems).toEqual([
      "DATABASE_URL: give LEADSCORE_DB (--db) or DATABASE_URL (--database-url), not both",
    ]);
    const mysql = loadConfig({ DATABASE_URL: "mysql://h/db" });
    expect(mysql.ok ? [] : mysql.problems).toEqual(["DATABASE_URL: must be a postgres:// URL"]);
  });
});
