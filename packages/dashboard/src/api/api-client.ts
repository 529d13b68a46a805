import type { ApiError } from "./api-error.ts";
import { apiErrorFromResponse, networkError } from "./api-error.ts";
import type {
  ApiKey,
  Backtest,
  Claim,
  CreatedKey,
  Explanation,
  FeedbackVerdict,
  Funnel,
  Lead,
  LeadEvent,
  LeadPage,
  LeadSort,
  ModelApplyReport,
  ModelDetail,
  ModelDocument,
  ModelRef,
  ModelSummary,
  ModelVersion,
  Outcome,
  OutcomeReport,
  Page,
  QueueList,
  QueuePage,
  Role,
  ScorePoint,
  SessionInfo,
  StageAction,
  User,
  UserWithPassword,
} from "./api-types.ts";

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ApiError };

export type QueryValue = string | number | undefined | null;

/** Sent on every write: the server refuses cookie-authenticated writes without it (CSRF, ADR 0070). */
export const CSRF_HEADER = { "x-leadscore-csrf": "1" } as const;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface LeadListQuery {
  readonly model?: string;
  readonly band?: string;
  readonly stage?: string;
  readonly grade?: string;
  readonly q?: string;
  readonly sort?: LeadSort;
  readonly limit?: number;
  readonly startingAfter?: string;
}

export interface ApiClientOptions {
  /** Origin plus prefix, e.g. `""` for same-origin or `http://localhost:8080`. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Called when a request other than the session's own answers 401: the session has ended. */
  readonly onUnauthorized?: () => void;
}

/** Builds `path?query`, leaving out empty values so URLs stay short and cacheable. */
export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, QueryValue>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search === "" ? "" : `?${search}`}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const segment = encodeURIComponent;

export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? "";
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(
    method: Method,
    path: string,
    init: { query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetchImpl(buildUrl(baseUrl, path, init.query), {
        method,
        credentials: "same-origin",
        headers: {
          accept: "application/json, application/problem+json",
          ...(method === "GET" ? {} : CSRF_HEADER),
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      });
    } catch (cause) {
      return { ok: false, error: networkError(cause) };
    }
    const body = await readJson(response);
    if (response.status === 401 && path !== "/v1/session") options.onUnauthorized?.();
    if (!response.ok) {
      return { ok: false, error: apiErrorFromResponse(response.status, response.statusText, body) };
    }
    return { ok: true, value: body as T };
  }

  return {
    getSession: () => request<SessionInfo>("GET", "/v1/session"),
    signIn: (email: string, password: string) =>
      request<SessionInfo>("POST", "/v1/session", { body: { email, password } }),
    signOut: () => request<undefined>("DELETE", "/v1/session"),
    changePassword: (currentPassword: string, newPassword: string) =>
      request<SessionInfo>("POST", "/v1/session/password", {
        body: { currentPassword, newPassword },
      }),

    listLeads: (query: LeadListQuery, signal?: AbortSignal) =>
      request<LeadPage>("GET", "/v1/leads", {
        query: {
          model: query.model,
          band: query.band,
          stage: query.stage,
          grade: query.grade,
          q: query.q,
          sort: query.sort,
          limit: query.limit,
          starting_after: query.startingAfter,
        },
        ...(signal === undefined ? {} : { signal }),
      }),
    getLead: (id: string) => request<Lead>("GET", `/v1/leads/${segment(id)}`),
    getExplanation: (id: string, model: string) =>
      request<Explanation>("GET", `/v1/leads/${segment(id)}/explanation`, { query: { model } }),
    getLeadEvents: (id: string, limit = 5) =>
      request<Page<LeadEvent>>("GET", `/v1/leads/${segment(id)}/events`, { query: { limit } }),
    /** The lead's live standing (SSE): a snapshot, then the summary after each change. */
    leadStreamUrl: (id: string) => buildUrl(baseUrl, `/v1/leads/${segment(id)}/stream`),
    getScoreHistory: (id: string, model: string) =>
      request<Page<ScorePoint> | readonly ScorePoint[]>("GET", `/v1/leads/${segment(id)}/history`, {
        query: { model },
      }),
    changeStage: (
      id: string,
      change: { model: string; action: StageAction; stage?: string; reason: string },
    ) => request<unknown>("POST", `/v1/leads/${segment(id)}/stage`, { body: change }),
    sendFeedback: (
      id: string,
      feedback: { model?: string; verdict: FeedbackVerdict; note?: string },
    ) => request<unknown>("POST", `/v1/leads/${segment(id)}/feedback`, { body: feedback }),

    listModels: () => request<{ data: readonly ModelSummary[] }>("GET", "/v1/models"),
    getModel: (id: string) => request<ModelDetail>("GET", `/v1/models/${segment(id)}`),
    listModelVersions: (id: string) =>
      request<{ data: readonly ModelVersion[] }>("GET", `/v1/models/${segment(id)}/versions`),
    getModelVersion: (id: string, version: number) =>
      request<ModelDetail>("GET", `/v1/models/${segment(id)}/versions/${version}`),
    previewModel: (id: string, document: ModelDocument) =>
      request<ModelApplyReport>("POST", `/v1/models/${segment(id)}/preview`, { body: document }),
    publishModel: (id: string, document: ModelDocument, retroactive: boolean) =>
      request<ModelApplyReport>("PUT", `/v1/models/${segment(id)}`, {
        query: { retroactive: String(retroactive) },
        body: document,
      }),
    backtest: (
      input: {
        models: readonly ModelRef[];
        cutoff: number;
        horizon: string;
        outcomeEvents?: readonly string[];
      },
      signal?: AbortSignal,
    ) =>
      request<Backtest>("POST", "/v1/backtests", {
        body: input,
        ...(signal === undefined ? {} : { signal }),
      }),
    getFunnel: (
      query: { model: string; from: number; to: number; outcome?: string },
      signal?: AbortSignal,
    ) =>
      request<Funnel>("GET", "/v1/funnel", {
        query,
        ...(signal === undefined ? {} : { signal }),
      }),

    listKeys: () => request<{ data: readonly ApiKey[] }>("GET", "/v1/keys"),
    createKey: (key: {
      kind: ApiKey["kind"];
      name: string;
      scopes?: readonly string[];
      allowedOrigins?: readonly string[];
    }) => request<CreatedKey>("POST", "/v1/keys", { body: key }),
    revokeKey: (id: string) => request<{ id: string }>("DELETE", `/v1/keys/${segment(id)}`),

    listUsers: () => request<{ data: readonly User[] }>("GET", "/v1/users"),
    createUser: (user: { email: string; role: Role }) =>
      request<UserWithPassword>("POST", "/v1/users", { body: user }),
    updateUser: (id: string, change: { role?: Role; disabled?: boolean }) =>
      request<User>("PATCH", `/v1/users/${segment(id)}`, { body: change }),
    deleteUser: (id: string) => request<{ id: string }>("DELETE", `/v1/users/${segment(id)}`),
    resetPassword: (id: string) =>
      request<UserWithPassword>("POST", `/v1/users/${segment(id)}/password`, { body: {} }),

    listQueues: () => request<QueueList>("GET", "/v1/queues"),
    getQueue: (id: string, limit = 50) =>
      request<QueuePage>("GET", `/v1/queues/${segment(id)}`, { query: { limit } }),
    queueStreamUrl: (id: string, limit = 50) =>
      buildUrl(baseUrl, `/v1/queues/${segment(id)}/stream`, { limit }),
    claimNext: (id: string) =>
      request<Claim>("POST", `/v1/queues/${segment(id)}/claim`, { body: {} }),
    renewClaim: (id: string, claimId: string) =>
      request<Claim>("POST", `/v1/queues/${segment(id)}/claims/${segment(claimId)}/renew`),
    releaseClaim: (id: string, claimId: string) =>
      request<{ claimId: string }>(
        "DELETE",
        `/v1/queues/${segment(id)}/claims/${segment(claimId)}`,
      ),
    recordOutcome: (
      id: string,
      outcome: {
        leadId: string;
        outcome: Outcome;
        callbackAt?: string;
        note?: string;
        claimId?: string;
      },
    ) => request<OutcomeReport>("POST", `/v1/queues/${segment(id)}/outcome`, { body: outcome }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The points of a history answer, whether the server sends a bare array or a page. */
export function scorePointsOf(
  answer: Page<ScorePoint> | readonly ScorePoint[],
): readonly ScorePoint[] {
  return Array.isArray(answer) ? answer : (answer as Page<ScorePoint>).data;
}
