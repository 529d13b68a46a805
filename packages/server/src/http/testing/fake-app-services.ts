import type {
  AppServices,
  AuthContext,
  IdempotentResponse,
  IngestItemResult,
  KeySummary,
  Lead,
  LeadSummary,
  ModelDetail,
  ReadyReport,
  Scope,
  ServiceResult,
} from "../../use-cases/app-services.ts";
import { createFakeQueueServices } from "./fake-queue-services.ts";

/** Keys the fake knows, by raw secret. */
export const TEST_KEYS = {
  admin: "sk_test_admin",
  reader: "sk_test_reader",
  writer: "sk_test_writer",
  publishable: "pk_test_shop",
  anyOrigin: "pk_test_any",
} as const;

export const ALLOWED_ORIGIN = "https://shop.example";

const keyContexts: Record<string, AuthContext> = {
  [TEST_KEYS.admin]: ctx("key_admin", "secret", ["admin"]),
  [TEST_KEYS.reader]: ctx("key_reader", "secret", ["leads:read"]),
  [TEST_KEYS.writer]: ctx("key_writer", "secret", ["leads:write", "leads:read"]),
  [TEST_KEYS.publishable]: ctx("key_pk", "publishable", [], [ALLOWED_ORIGIN]),
  [TEST_KEYS.anyOrigin]: ctx("key_pk_any", "publishable", [], ["*"]),
};

function ctx(
  keyId: string,
  kind: AuthContext["kind"],
  scopes: Scope[],
  allowedOrigins: string[] = [],
): AuthContext {
  return { keyId, kind, scopes, allowedOrigins };
}

const unknownModel = (id: string) =>
  ({
    ok: false,
    error: {
      code: "invalid",
      detail: `unknown model "${id}"`,
      errors: [{ pointer: "/model", detail: `unknown model "${id}"` }],
    },
  }) as const;

const notFound = (what: string) =>
  ({ ok: false, error: { code: "not_found", detail: `${what} not found` } }) as const;

export function buildLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: "lead_1",
    userId: "u1",
    anonymousIds: ["anon-1"],
    email: "ada@example.com",
    name: "Ada",
    company: "Analytical",
    traits: { plan: "pro" },
    createdAt: 1_700_000_000_000,
    lastActivityAt: 1_700_000_100_000,
    models: {
      main: {
        score: 72,
        band: "hot",
        stage: "mql",
        grade: "A",
        fit: 30,
        engagement: 42,
        stageHistory: [{ stage: "mql", from: "lead", at: 1_700_000_050_000, cause: "rule:0" }],
        scoredAt: 1_700_000_100_000,
      },
    },
    feedback: [],
    ...overrides,
  };
}

function summaryOf(lead: Lead): LeadSummary {
  const models = Object.fromEntries(
    Object.entries(lead.models).map(([id, m]) => [
      id,
      { score: m.score, band: m.band, stage: m.stage, grade: m.grade },
    ]),
  );
  const { id, userId, email, name, company, createdAt, lastActivityAt } = lead;
  return { id, userId, email, name, company, createdAt, lastActivityAt, models };
}

/** A small, deterministic AppServices for HTTP tests; `calls` records what reached the use cases. */
export function createFakeAppServices() {
  const stored = new Map<string, unknown>();
  const calls: { method: string; input: unknown }[] = [];
  const leads = new Map<string, Lead>(
    [1, 2, 3].map((n) => [
      `lead_${n}`,
      buildLead({ id: `lead_${n}`, userId: `u${n}`, email: `p${n}@example.com` }),
    ]),
  );
  const model: ModelDetail = {
    id: "main",
    name: "Main",
    version: 1,
    publishedAt: 1_700_000_000_000,
    document: { id: "main" },
  };
  const keys: KeySummary[] = [];
  let ready: ReadyReport = { ready: true, store: true, migrations: true, draining: false };
  const lead = (id: string): ServiceResult<Lead> => {
    const found = leads.get(id);
    return found === undefined ? notFound("lead") : { ok: true, value: found };
  };

  // Idempotency records as the stores keep them (not recorded in `calls`: they are not use cases).
  const slots = new Map<
    string,
    { fingerprint: string; response: IdempotentResponse | null; expiresAt: number }
  >();
  const services: AppServices = {
    idempotency: {
      async begin(slot, fingerprint, nowMs) {
        const held = slots.get(slot);
        if (held === undefined || held.expiresAt <= nowMs) {
          slots.set(slot, { fingerprint, response: null, expiresAt: nowMs + 60_000 });
          return { kind: "run" };
        }
        if (held.fingerprint !== fingerprint) return { kind: "mismatch" };
        return held.response === null
          ? { kind: "in-flight" }
          : { kind: "replay", response: held.response };
      },
      async finish(slot, response, nowMs, ttlMs) {
        const held = slots.get(slot);
        if (held === undefined) return;
        if (response === null) slots.delete(slot);
        else slots.set(slot, { ...held, response, expiresAt: nowMs + ttlMs });
      },
    },
    ...createFakeQueueServices(),
    ingest: {
      async ingest(input) {
        calls.push({ method: "ingest", input });
        const results: IngestItemResult[] = input.messages.map((raw, index) => {
          const message = raw as Record<string, unknown>;
          const messageId =
            typeof message.messageId === "string" ? message.messageId : `gen-${index}`;
          if (message.userId === undefined && message.anonymousId === undefined) {
            const error = {
              code: "invalid",
              detail: "anonymousId or userId is required",
              pointer: "/userId",
            };
            return { index, messageId, status: "rejected", error };
          }
          if (
            typeof message.timestamp === "string" &&
            Number.isNaN(Date.parse(message.timestamp))
          ) {
            const error = { code: "invalid", detail: "not a date", pointer: "/timestamp" };
            return { index, messageId, status: "rejected", error };
          }
          if (stored.has(messageId)) return { index, messageId, status: "duplicate" };
          stored.set(messageId, message);
          return { index, messageId, status: "accepted" };
        });
        const count = (status: string) => results.filter((r) => r.status === status).length;
        return {
          accepted: count("accepted"),
          duplicates: count("duplicate"),
          rejected: count("rejected"),
          results,
        };
      },
    },
    leads: {
      async list(query) {
        calls.push({ method: "leads.list", input: query });
        if (query.model !== undefined && query.model !== "main") return unknownModel(query.model);
        const all = [...leads.values()].filter(
          (l) =>
            (query.email === undefined || l.email === query.email) &&
            (query.userId === undefined || l.userId === query.userId),
        );
        const start =
          query.startingAfter === undefined
            ? 0
            : all.findIndex((l) => l.id === query.startingAfter) + 1;
        const limit = query.limit ?? 25;
        const data = all.slice(start, start + limit).map(summaryOf);
        const hasMore = start + limit < all.length;
        return {
          ok: true,
          value: { data, hasMore, nextCursor: hasMore ? (data.at(-1)?.id ?? null) : null },
        };
      },
      async get(id) {
        return lead(id);
      },
      async explanation(id, modelId) {
        const found = lead(id);
        if (!found.ok) return found;
        if (modelId !== "main") return unknownModel(modelId);
        return { ok: true, value: { modelId, score: 72, rawScore: 72.4, ledger: [] } };
      },
      async events(id, page) {
        calls.push({ method: "leads.events", input: page });
        const found = lead(id);
        return found.ok
          ? { ok: true, value: { data: [], hasMore: false, nextCursor: null } }
          : found;
      },
      async history(id, modelId) {
        const found = lead(id);
        if (!found.ok) return found;
        if (modelId !== "main") return unknownModel(modelId);
        return {
          ok: true,
          value: [{ at: 1, score: 5, band: "cold", messageId: "m1", eventType: "page.viewed" }],
        };
      },
      async changeStage(input) {
        calls.push({ method: "leads.changeStage", input });
        return lead(input.leadId);
      },
      async addFeedback(input) {
        calls.push({ method: "leads.addFeedback", input });
        const found = lead(input.leadId);
        if (!found.ok) return found;
        const entry = {
          id: `fb_${calls.length}`,
          leadId: input.leadId,
          model: input.model ?? null,
          verdict: input.verdict,
          note: input.note ?? null,
          at: 1,
          keyId: input.auth?.keyId ?? null,
        };
        return { ok: true, value: entry };
      },
      async merge(input) {
        calls.push({ method: "leads.merge", input });
        if (!leads.has(input.from)) return notFound("lead");
        return lead(input.into);
      },
      async erase(id) {
        calls.push({ method: "leads.erase", input: id });
        if (!leads.delete(id)) return notFound("lead");
        return { ok: true, value: { leadId: id, eventsDeleted: 4 } };
      },
    },
    models: {
      async list() {
        return [model];
      },
      async get(id) {
        return id === model.id ? { ok: true, value: model } : notFound("model");
      },
      async versions(id) {
        if (id !== model.id) return notFound("model");
        return { ok: true, value: [{ version: 1, publishedAt: 1, retroactive: false }] };
      },
      async put(input) {
        calls.push({ method: "models.put", input });
        if (
          "document" in input.source &&
          typeof input.source.document === "object" &&
          input.source.document !== null &&
          "bands" in input.source.document
        ) {
          return {
            ok: false,
            error: {
              code: "invalid",
              detail: "invalid model",
              errors: [{ pointer: "/bands", detail: "bands must ascend" }],
            },
          };
        }
        return {
          ok: true,
          value: {
            version: 2,
            retroactive: input.retroactive,
            leadsRescored: 3,
            bandChanges: 1,
            stageChanges: 0,
          },
        };
      },
      async preview(id, source) {
        calls.push({ method: "models.preview", input: { id, source } });
        return {
          ok: true,
          value: {
            version: 2,
            retroactive: true,
            leadsRescored: 3,
            bandChanges: 2,
            stageChanges: 1,
          },
        };
      },
      async version(id, version) {
        return id === model.id && version === 1 ? { ok: true, value: model } : notFound("model");
      },
    },
    keys: {
      async list() {
        return keys;
      },
      async create(input) {
        calls.push({ method: "keys.create", input });
        if (input.kind === "secret" && (input.scopes ?? []).length === 0) {
          return {
            ok: false,
            error: {
              code: "invalid",
              detail: "secret keys need scopes",
              errors: [{ pointer: "/scopes", detail: "required" }],
            },
          };
        }
        const key: KeySummary = {
          id: `key_${keys.length + 10}`,
          kind: input.kind,
          name: input.name,
          scopes: input.scopes ?? [],
          allowedOrigins: input.allowedOrigins ?? [],
          prefix: "sk_new",
          createdAt: 1,
        };
        keys.push(key);
        return { ok: true, value: { key, secret: `sk_new_${keys.length}` } };
      },
      async revoke(id) {
        const index = keys.findIndex((k) => k.id === id);
        if (index < 0) return notFound("key");
        keys.splice(index, 1);
        return { ok: true, value: { id } };
      },
      async authenticate(raw) {
        return keyContexts[raw] ?? null;
      },
    },
    users: {
      list: async () => [],
      get: async (id) => notFound(`user ${id}`),
      create: async () => ({ ok: false, error: { code: "forbidden", detail: "not in the fake" } }),
      update: async (input) => notFound(`user ${input.id}`),
      remove: async (id) => notFound(`user ${id}`),
      resetPassword: async (id) => notFound(`user ${id}`),
    },
    sessions: {
      signIn: async () => ({
        ok: false,
        error: { code: "unauthenticated", detail: "The fake has no users." },
      }),
      authenticate: async () => null,
      signOut: async () => undefined,
      changePassword: async () => ({
        ok: false,
        error: { code: "unauthenticated", detail: "The fake has no users." },
      }),
    },
    // Report routes are tested over the real services (report-routes.test.ts).
    reports: {
      backtest: async () => ({
        ok: false,
        error: { code: "forbidden", detail: "not in the fake" },
      }),
      funnel: async () => ({ ok: false, error: { code: "forbidden", detail: "not in the fake" } }),
    },
    health: {
      live: () => ({ live: true }),
      ready: async () => ready,
    },
    metrics: {
      snapshot: () => [
        { name: "leadscore_leads", help: "Known leads.", type: "gauge", value: leads.size },
        {
          name: "leadscore_ingest_events_total",
          help: "Stored events.",
          type: "counter",
          value: stored.size,
          labels: { store: "memory" },
        },
      ],
    },
  };
  return {
    services,
    stored,
    calls,
    leads,
    setReady(report: ReadyReport) {
      ready = report;
    },
  };
}
