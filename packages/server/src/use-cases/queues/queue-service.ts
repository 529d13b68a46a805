import { parse as parseYaml } from "yaml";
import type { WebhookSender } from "../../ports/webhook-sender.ts";
import type {
  AudienceDelivery,
  AuthContext,
  Claim,
  IngestService,
  ModelSource,
  OutcomeInput,
  OutcomeReport,
  PutQueueInput,
  QueueDetail,
  QueuePage,
  QueueService,
  QueueSummary,
  ServiceError,
  ServiceResult,
  StreamSink,
  StreamSubscription,
} from "../app-services.ts";
import { invalid, notFound, ok } from "../lead-views.ts";
import type { ServiceState } from "../service-state.ts";
import { queueCsv, sendAudience } from "./audience-export.ts";
import { QueueCalls } from "./queue-calls.ts";
import { parseQueueDefinition, type QueueDefinition } from "./queue-definition.ts";
import type { QueueRegistry } from "./queue-registry.ts";
import { watchLead } from "./watch-lead.ts";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
export const MAX_STREAM_LIMIT = 200;

function readSource(
  source: ModelSource,
): { ok: true; doc: unknown } | { ok: false; error: ServiceError } {
  if ("document" in source) return { ok: true, doc: source.document };
  try {
    return {
      ok: true,
      doc: source.format === "yaml" ? parseYaml(source.text) : JSON.parse(source.text),
    };
  } catch (error) {
    return invalid(
      "",
      `the queue is not valid ${source.format.toUpperCase()}: ${(error as Error).message}`,
    );
  }
}

export class QueueServiceImpl implements QueueService {
  readonly #state: ServiceState;
  readonly #registry: QueueRegistry;
  readonly #calls: QueueCalls;
  readonly #webhooks: WebhookSender | null;

  constructor(
    state: ServiceState,
    registry: QueueRegistry,
    ingest: IngestService,
    webhooks: WebhookSender | null,
  ) {
    this.#state = state;
    this.#registry = registry;
    this.#calls = new QueueCalls(state, registry, ingest);
    this.#webhooks = webhooks;
  }

  async list(): Promise<readonly QueueSummary[]> {
    this.#state.advanceTime();
    return [...this.#registry.indexes.values()]
      .map((index) => {
        const def = index.definition;
        const revision = this.#registry.latest(def.id)?.version ?? 0;
        return {
          id: def.id,
          name: def.name,
          model: def.model,
          size: index.size,
          version: index.version,
          revision,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async definition(id: string): Promise<ServiceResult<QueueDetail>> {
    const row = this.#registry.latest(id);
    if (row === undefined || row.deleted) return notFound(`queue ${id}`);
    const doc = JSON.parse(row.document) as Record<string, unknown>;
    const def = this.#registry.indexes.get(id)?.definition;
    return ok({
      id,
      name: def?.name ?? id,
      model: def?.model ?? String(doc.model),
      revision: row.version,
      publishedAt: row.publishedAt,
      document: doc,
    });
  }

  put(input: PutQueueInput): Promise<ServiceResult<QueueDetail>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const read = readSource(input.source);
      if (!read.ok) return read;
      const parsed = parseQueueDefinition(read.doc);
      if (!parsed.ok) {
        const count = parsed.errors.length;
        return {
          ok: false,
          error: {
            code: "invalid",
            detail: `the queue has ${count} problem(s)`,
            errors: parsed.errors,
          },
        };
      }
      const def: QueueDefinition = parsed.value;
      if (def.id !== input.id)
        return invalid("/id", `the document's id "${def.id}" differs from "${input.id}"`);
      if (!state.models.has(def.model)) return invalid("/model", `unknown model "${def.model}"`);
      const row = {
        queueId: def.id,
        version: (this.#registry.latest(def.id)?.version ?? 0) + 1,
        document: JSON.stringify(def.document),
        publishedAt: state.now(),
        deleted: false,
      };
      await state.commit({
        queueVersions: [row],
        audit: [
          {
            at: row.publishedAt,
            action: "queue.published",
            detail: { queueId: def.id, version: row.version, keyId: input.auth?.keyId ?? null },
          },
        ],
      });
      this.#registry.define(row, def);
      return this.definition(def.id);
    });
  }

  remove(id: string, auth?: AuthContext): Promise<ServiceResult<{ id: string }>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const latest = this.#registry.latest(id);
      if (latest === undefined || latest.deleted) return notFound(`queue ${id}`);
      const row = {
        ...latest,
        version: latest.version + 1,
        publishedAt: state.now(),
        deleted: true,
      };
      await state.commit({
        queueVersions: [row],
        audit: [
          {
            at: row.publishedAt,
            action: "queue.deleted",
            detail: { queueId: id, keyId: auth?.keyId ?? null },
          },
        ],
      });
      this.#registry.remove(row);
      return ok({ id });
    });
  }

  async top(id: string, limit = DEFAULT_LIMIT): Promise<ServiceResult<QueuePage>> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return invalid("/limit", `limit must be an integer from 1 to ${MAX_LIMIT}`);
    this.#state.advanceTime();
    const index = this.#registry.indexes.get(id);
    if (index === undefined) return notFound(`queue ${id}`);
    const data = this.#registry.entries(index, limit);
    return ok({
      queue: id,
      version: index.version,
      size: index.size,
      data,
      hasMore: index.size > data.length,
    });
  }

  claim(input: { queueId: string; agentId: string }): Promise<ServiceResult<Claim>> {
    return this.#calls.claim(input.queueId, input.agentId);
  }

  renew(queueId: string, claimId: string): Promise<ServiceResult<Claim>> {
    return this.#calls.renew(queueId, claimId);
  }

  release(queueId: string, claimId: string): Promise<ServiceResult<{ claimId: string }>> {
    return this.#calls.release(queueId, claimId);
  }

  recordOutcome(input: OutcomeInput): Promise<ServiceResult<OutcomeReport>> {
    return this.#calls.recordOutcome(input);
  }

  async exportCsv(id: string): Promise<ServiceResult<string>> {
    this.#state.advanceTime();
    const index = this.#registry.indexes.get(id);
    if (index === undefined) return notFound(`queue ${id}`);
    return ok(queueCsv(this.#registry.entries(index, index.size)));
  }

  async sendAudience(input: {
    queueId: string;
    url: string;
    secret: string;
    limit?: number;
  }): Promise<ServiceResult<AudienceDelivery>> {
    this.#state.advanceTime();
    const index = this.#registry.indexes.get(input.queueId);
    if (index === undefined) return notFound(`queue ${input.queueId}`);
    if (this.#webhooks === null)
      return {
        ok: false,
        error: { code: "upstream_failed", detail: "webhooks are not configured" },
      };
    const entries = this.#registry.entries(index, input.limit ?? index.size);
    return sendAudience(this.#webhooks, this.#state, {
      queueId: input.queueId,
      version: index.version,
      url: input.url,
      secret: input.secret,
      entries,
    });
  }

  watch(
    id: string,
    options: { limit: number; lastEventId?: string },
    sink: StreamSink,
  ): ServiceResult<StreamSubscription> {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_STREAM_LIMIT)
      return invalid("/limit", `limit must be an integer from 1 to ${MAX_STREAM_LIMIT}`);
    this.#state.advanceTime();
    if (!this.#registry.indexes.has(id)) return notFound(`queue ${id}`);
    return ok(this.#registry.watch(id, options.limit, options.lastEventId, sink));
  }

  watchLead(leadId: string, sink: StreamSink): ServiceResult<StreamSubscription> {
    const lead = this.#state.findLead(leadId);
    if (lead === null) return notFound(`lead ${leadId}`);
    return ok(watchLead(this.#state, lead.id, this.#registry.epoch, sink));
  }
}
