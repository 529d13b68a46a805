import { resolve } from "node:path";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every setting of the service, from the environment; CLI flags override single values. */
const ConfigShape = z.object({
  /** A SQLite file (default ./leadscore.db when no DATABASE_URL), or `:memory:`. */
  LEADSCORE_DB: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  LEADSCORE_GROUP_COMMIT_MS: z.coerce.number().min(0).max(100).default(0),
  LEADSCORE_DECAY_REFRESH_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** The first dashboard admin, created with a printed password when the database has no user. */
  LEADSCORE_ADMIN_EMAIL: z.string().min(3).max(254).default("admin@localhost"),
  /** `auto`: the session cookie is Secure when the request came over https. */
  LEADSCORE_COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  /** Behind one reverse proxy: take the client address from the last X-Forwarded-For entry. */
  LEADSCORE_TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  LEADSCORE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(43_200).default(720),
  LEADSCORE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(8_760).default(168),
  /** While a queue keeps changing, its streams get at most one update this often (the first at once). */
  LEADSCORE_STREAM_COALESCE_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /** PostgreSQL instead of SQLite; several processes may serve one database. Redacted when shown. */
  DATABASE_URL: z
    .string()
    .refine(
      (url) => /^postgres(ql)?:\/\//.test(url) && URL.canParse(url),
      "must be a postgres:// URL",
    )
    .optional(),
});

export const ConfigSchema = ConfigShape.refine(
  (config) => config.LEADSCORE_DB === undefined || config.DATABASE_URL === undefined,
  {
    message: "give LEADSCORE_DB (--db) or DATABASE_URL (--database-url), not both",
    path: ["DATABASE_URL"],
  },
);

export type Config = z.infer<typeof ConfigSchema>;

/** The store the config names: PostgreSQL when a URL is given, else the SQLite file. */
export function storeOfConfig(
  config: Config,
  cwd: string,
): { readonly dbPath: string } | { readonly databaseUrl: string } {
  if (config.DATABASE_URL !== undefined) return { databaseUrl: config.DATABASE_URL };
  const db = config.LEADSCORE_DB ?? "./leadscore.db";
  return { dbPath: db === ":memory:" ? db : resolve(cwd, db) };
}

const SECRET_KEYS: readonly (keyof Config)[] = ["DATABASE_URL"];

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parse once at start-up; an invalid value stops with every problem listed, never a silent default. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const known = Object.fromEntries(
    Object.keys(ConfigShape.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
  );
  const parsed = ConfigSchema.safeParse(known);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
  };
}

export function redactConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      SECRET_KEYS.includes(key as keyof Config) && value !== undefined ? "[redacted]" : value,
    ]),
  );
}
