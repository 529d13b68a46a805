import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every setting of the service, from the environment; CLI flags override single values. */
export const ConfigSchema = z.object({
  LEADSCORE_DB: z.string().min(1).default("./leadscore.db"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  LEADSCORE_GROUP_COMMIT_MS: z.coerce.number().min(0).max(100).default(2),
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
  /** Queue streams send at most one update per queue this often; bursts in between coalesce. */
  LEADSCORE_STREAM_COALESCE_MS: z.coerce.number().int().min(0).max(1000).default(10),
  /** PostgreSQL comes with a later issue; parsed now so the secret is redacted wherever config is shown. */
  DATABASE_URL: z.string().url().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

const SECRET_KEYS: readonly (keyof Config)[] = ["DATABASE_URL"];

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parse once at start-up; an invalid value stops with every problem listed, never a silent default. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
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
