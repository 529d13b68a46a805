import type { WebhookSender } from "../ports/webhook-sender.ts";
import type { AppServices, HealthService, MetricSample, MetricsService } from "./app-services.ts";
import { resolveAuthOptions } from "./auth-options.ts";
import { StoreIdempotencyService } from "./idempotency-service.ts";
import { type ImportReport, importLeadsCsv } from "./import-leads.ts";
import { IngestPipeline } from "./ingest-events.ts";
import { KeyServiceImpl } from "./key-service.ts";
import { LeadServiceImpl } from "./lead-service.ts";
import { ModelServiceImpl } from "./model-service.ts";
import { QueueRegistry } from "./queues/queue-registry.ts";
import { QueueServiceImpl } from "./queues/queue-service.ts";
import { ReportServiceImpl } from "./reports/report-service.ts";
import { type ServiceOptions, ServiceState } from "./service-state.ts";
import { SessionServiceImpl } from "./session-service.ts";
import { SignInThrottle } from "./sign-in-throttle.ts";
import { StreamTokens } from "./stream-token-service.ts";
import { UserServiceImpl } from "./user-service.ts";

export interface RunningServices {
  readonly services: AppServices;
  readonly state: ServiceState;
  readonly keys: KeyServiceImpl;
  readonly users: UserServiceImpl;
  readonly ingest: IngestPipeline;
  readonly queues: QueueRegistry;
  /** CSV lead import (CLI today; an HTTP import job can call the same). */
  importLeadsCsv(
    csvText: string,
    mapping?: Readonly<Record<string, string>>,
  ): Promise<ImportReport>;
  /** Stop taking writes and wait for ingest in flight to commit. */
  drain(): Promise<void>;
}

function metrics(state: ServiceState, queues: QueueRegistry): MetricsService {
  const help: Record<string, string> = {
    leadscore_ingest_events_accepted_total: "Events stored by ingest.",
    leadscore_ingest_events_duplicate_total: "Events dropped as duplicates of a stored messageId.",
    leadscore_ingest_events_rejected_total: "Events rejected and kept in failed_events.",
    leadscore_ingest_requests_total: "Ingest requests committed.",
    leadscore_log_follow_failures_total:
      "Failed attempts to apply other processes' commits (retried on the next one).",
    leadscore_presence_heartbeats_total: "Presence heartbeats of known leads stored.",
  };
  return {
    snapshot(): readonly MetricSample[] {
      const counters = Object.entries(help).map(([name, text]) => ({
        name,
        help: text,
        type: "counter" as const,
        value: state.counters.get(name),
      }));
      return [
        ...counters,
        {
          name: "leadscore_leads",
          help: "Leads held in memory.",
          type: "gauge",
          value: state.book.leads.size,
        },
        {
          name: "leadscore_models",
          help: "Published models.",
          type: "gauge",
          value: state.models.size,
        },
        {
          name: "leadscore_queues",
          help: "Call queues defined.",
          type: "gauge",
          value: queues.indexes.size,
        },
        {
          name: "leadscore_queue_leads",
          help: "Eligible leads over all queues.",
          type: "gauge",
          value: [...queues.indexes.values()].reduce((sum, index) => sum + index.size, 0),
        },
      ];
    },
  };
}

/** Wire the use cases over one store; loads all state from the store before returning. */
export async function createAppServices(
  options: ServiceOptions,
  replayLog = true,
  adapters: { readonly webhookSender?: WebhookSender } = {},
): Promise<RunningServices> {
  const state = new ServiceState(options);
  await options.store.migrate();
  await state.load(replayLog);
  const keys = new KeyServiceImpl(state);
  await keys.load();
  const ingest = new IngestPipeline(state);
  // Other processes on the same store: apply their commits as they land (and on a timer).
  const unwatch = options.store.shared
    ? options.store.watchRemoteCommits(() => {
        // A failed catch-up is retried on the next notification or poll; the counter shows it.
        state.follow().catch(() => state.counters.add("leadscore_log_follow_failures_total"));
      })
    : () => undefined;
  const auth = resolveAuthOptions(options.auth);
  const users = new UserServiceImpl(state, auth.passwordCost);
  const throttle = new SignInThrottle({ ...auth.throttle, now: options.now });
  const sessions = new SessionServiceImpl(state, auth.sessions, throttle, auth.passwordCost);
  const queues = new QueueRegistry(state, { streamCoalesceMs: options.streamCoalesceMs ?? 5 });
  await queues.load();
  state.startTimers();
  const health: HealthService = {
    live: () => ({ live: true }),
    async ready() {
      const store = await options.store.ping().catch(() => false);
      return {
        ready: store && !state.draining,
        store,
        migrations: store,
        draining: state.draining,
      };
    },
  };
  const services: AppServices = {
    ingest,
    idempotency: new StoreIdempotencyService(options.store),
    leads: new LeadServiceImpl(state),
    models: new ModelServiceImpl(state),
    keys,
    health,
    users,
    sessions,
    metrics: metrics(state, queues),
    queues: new QueueServiceImpl(state, queues, ingest, adapters.webhookSender ?? null),
    streamTokens: new StreamTokens(state, (keyId) => !keys.isActive(keyId)),
    reports: new ReportServiceImpl(state),
  };
  return {
    services,
    state,
    keys,
    users,
    ingest,
    queues,
    importLeadsCsv: (csvText, mapping) => importLeadsCsv(state, ingest, csvText, mapping),
    async drain() {
      state.draining = true;
      unwatch();
      await ingest.drain();
      await state.exclusive(async () => undefined);
      state.stopTimers();
    },
  };
}
