// The only place that constructs adapters and wires them to the use cases.
import { randomUUID } from "node:crypto";
import { NodeWebhookSender } from "./outbound/node-webhook-sender.ts";
import type { Store } from "./ports/store.ts";
import type { WebhookSender } from "./ports/webhook-sender.ts";
import { MemoryStore } from "./stores/memory/memory-store.ts";
import { PostgresLeadStore } from "./stores/postgres/postgres-store.ts";
import { SqliteLeadStore } from "./stores/sqlite/sqlite-store.ts";
import type { AppServices, UserWithPassword } from "./use-cases/app-services.ts";
import type { AuthOptions } from "./use-cases/auth-options.ts";
import { createAppServices, type RunningServices } from "./use-cases/create-app-services.ts";

export interface CreateAppOptions {
  /** A SQLite file, or `:memory:` for the in-memory store (tests, throwaway runs). */
  readonly dbPath?: string;
  /** A PostgreSQL URL (`postgres://…`): several processes may serve one database. */
  readonly databaseUrl?: string;
  readonly now?: () => number;
  readonly newId?: (prefix: string) => string;
  /** Default 2 ms: long enough to gather concurrent requests, short against a p99 target of ~10 ms. */
  readonly groupCommitMs?: number;
  /** Default 30 s: the most a score used for sorting lags behind decay. */
  readonly decayRefreshMs?: number;
  /** Create the admin key when the store has none yet (default true). */
  readonly createAdminKey?: boolean;
  /** Rebuild lead state from the log (default true); key-only CLI commands skip it. */
  readonly replayLog?: boolean;
  /** Create the first dashboard admin (with this email) when the store has no user yet. */
  readonly firstAdminEmail?: string | null;
  readonly auth?: AuthOptions;
  /** Default 5 ms: while a queue keeps changing, the least time between its stream updates. */
  readonly streamCoalesceMs?: number;
  /** Outbound webhooks (audiences); default node:http(s) with private addresses refused. */
  readonly webhookSender?: WebhookSender;
}

export interface App {
  readonly services: AppServices;
  /** The admin key when it was created by this start (print it once), else null. */
  readonly adminKey: string | null;
  /** The first dashboard admin and its password when created by this start (print once), else null. */
  readonly firstAdmin: UserWithPassword | null;
  /** For CLI commands and benchmarks that need more than the transport interface. */
  readonly running: RunningServices;
  /** Drain ingest, then close the store. */
  close(): Promise<void>;
}

export function defaultNewId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}

/** Where the data lives: exactly one of a SQLite path (or `:memory:`) and a PostgreSQL URL. */
export function openStore(where: { dbPath?: string; databaseUrl?: string } | string): Store {
  const { dbPath, databaseUrl } = typeof where === "string" ? { dbPath: where } : where;
  if (databaseUrl !== undefined) {
    if (dbPath !== undefined) throw new Error("give a SQLite path or a PostgreSQL URL, not both");
    return new PostgresLeadStore({ url: databaseUrl });
  }
  if (dbPath === undefined) throw new Error("no store: give a SQLite path or a PostgreSQL URL");
  return dbPath === ":memory:" ? new MemoryStore() : new SqliteLeadStore(dbPath);
}

export async function createApp(options: CreateAppOptions): Promise<App> {
  const store = openStore(options);
  const running = await createAppServices(
    {
      store,
      now: options.now ?? Date.now,
      newId: options.newId ?? defaultNewId,
      groupCommitMs: options.groupCommitMs ?? 0,
      decayRefreshMs: options.decayRefreshMs ?? 30_000,
      ...(options.auth === undefined ? {} : { auth: options.auth }),
      streamCoalesceMs: options.streamCoalesceMs ?? 5,
    },
    options.replayLog ?? true,
    { webhookSender: options.webhookSender ?? new NodeWebhookSender() },
  );
  const adminKey = options.createAdminKey === false ? null : await running.keys.ensureAdminKey();
  const firstAdmin =
    options.firstAdminEmail === undefined || options.firstAdminEmail === null
      ? null
      : await running.users.ensureFirstAdmin(options.firstAdminEmail);
  let closed = false;
  return {
    services: running.services,
    adminKey,
    firstAdmin,
    running,
    async close() {
      if (closed) return;
      closed = true;
      await running.drain();
      await store.close();
    },
  };
}
