// The interface every transport (HTTP, CLI, later queues) calls. Plain types; transports map their schemas to these.
import type { Grade, LedgerLine, Stage, StageChange } from "@leadscore/core";

export type Scope =
  | "leads:read"
  | "leads:write"
  | "models:write"
  | "webhooks:write"
  | "imports:write"
  | "privacy:erase"
  | "admin";

export const ALL_SCOPES: readonly Scope[] = [
  "leads:read",
  "leads:write",
  "models:write",
  "webhooks:write",
  "imports:write",
  "privacy:erase",
  "admin",
];

export type KeyKind = "secret" | "publishable";

/** Who is calling, as resolved from a key by `keys.authenticate`. */
export interface AuthContext {
  readonly keyId: string;
  readonly kind: KeyKind;
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
}

/** Expected failures are values; `code` maps to an HTTP status in the transport, never here. */
export type ServiceErrorCode =
  | "not_found"
  | "invalid"
  | "conflict"
  | "forbidden"
  | "suppressed"
  | "too_large"
  | "upstream_failed";

export interface FieldProblem {
  /** JSON pointer into the request body, e.g. `/batch/3/timestamp`. */
  readonly pointer: string;
  readonly detail: string;
}

export interface ServiceError {
  readonly code: ServiceErrorCode;
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
}

export type ServiceResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ServiceError };

// ---------- ingest ----------

export interface IngestInput {
  /** Raw Segment-style messages as parsed from JSON (unvalidated). */
  readonly messages: readonly unknown[];
  /** Batch-level `sentAt` (ISO string) used for clock-skew correction when an item has none. */
  readonly sentAt?: unknown;
  /** Epoch ms when the request arrived. */
  readonly receivedAt: number;
  readonly auth?: AuthContext;
  /** Filled by the server into `context` (`ip`, `userAgent`). */
  readonly requestContext?: { readonly ip?: string; readonly userAgent?: string };
  /** Byte size of each raw item when the transport knows it (checked against the 32 KB limit). */
  readonly itemSizesBytes?: readonly number[];
}

export type IngestItemStatus = "accepted" | "duplicate" | "rejected";

export interface IngestItemError {
  /** `invalid`, `too_large`, `suppressed`, `unknown_type`, … */
  readonly code: string;
  readonly detail: string;
  /** Pointer relative to the item, e.g. `/timestamp`. */
  readonly pointer: string;
}

export interface IngestItemResult {
  readonly index: number;
  readonly messageId: string | null;
  readonly status: IngestItemStatus;
  readonly error?: IngestItemError;
}

/** Resolved only after the durable commit. */
export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly results: readonly IngestItemResult[];
}

export interface IngestService {
  /** Ingest a batch (one message for `/v1/track` etc.); per-item results, 2xx-safe only after commit. */
  ingest(input: IngestInput): Promise<IngestResult>;
}

// ---------- leads ----------

export type LeadSort = "score" | "-score" | "activity" | "-activity";

export interface ListLeadsQuery {
  readonly model?: string;
  readonly band?: string;
  readonly stage?: Stage;
  readonly grade?: Grade;
  /** Case-insensitive text search over name, email and company. */
  readonly q?: string;
  readonly userId?: string;
  readonly email?: string;
  /** Default `-score` (highest first) when a model is given, else `-activity`. */
  readonly sort?: LeadSort;
  /** 1..100, default 25. */
  readonly limit?: number;
  readonly startingAfter?: string;
}

export interface Page<T> {
  readonly data: readonly T[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
}

export interface LeadModelSummary {
  readonly score: number;
  readonly band: string;
  readonly stage: Stage;
  readonly grade: Grade;
}

export interface LeadSummary {
  readonly id: string;
  readonly userId: string | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly company: string | null;
  readonly createdAt: number;
  readonly lastActivityAt: number | null;
  readonly models: Readonly<Record<string, LeadModelSummary>>;
}

export interface LeadPage extends Page<LeadSummary> {
  /** Band counts over the whole filtered set (before pagination), when a model is given. */
  readonly counts?: { readonly bands: Readonly<Record<string, number>> };
}

export interface LeadModelDetail extends LeadModelSummary {
  readonly fit: number;
  readonly engagement: number;
  readonly stageHistory: readonly StageChange[];
  /** Epoch ms the score was computed for (decay is measured to this instant). */
  readonly scoredAt: number;
}

export type FeedbackVerdict = "good_fit" | "bad_fit";

export interface FeedbackEntry {
  readonly id: string;
  readonly leadId: string;
  readonly model: string | null;
  readonly verdict: FeedbackVerdict;
  readonly note: string | null;
  readonly at: number;
  readonly keyId: string | null;
}

export interface Lead {
  readonly id: string;
  readonly userId: string | null;
  readonly anonymousIds: readonly string[];
  readonly email: string | null;
  readonly name: string | null;
  readonly company: string | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly lastActivityAt: number | null;
  readonly models: Readonly<Record<string, LeadModelDetail>>;
  readonly feedback: readonly FeedbackEntry[];
}

export interface LeadExplanation {
  readonly modelId: string;
  readonly score: number;
  readonly rawScore: number;
  readonly ledger: readonly LedgerLine[];
}

export interface LeadEventView {
  readonly messageId: string;
  /** Segment call type: track, page, identify, alias, group. */
  readonly type: string;
  /** Event name as scored (`page.viewed` for page calls, `identify` for identify). */
  readonly event: string;
  readonly timestamp: number;
  readonly receivedAt: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly traits: Readonly<Record<string, unknown>>;
}

export interface ScorePoint {
  readonly at: number;
  readonly score: number;
  readonly band: string;
  readonly messageId: string;
  readonly eventType: string;
}

export type StageAction = "accept" | "reject" | "opportunity" | "won" | "lost" | "set";

export interface StageChangeInput {
  readonly leadId: string;
  readonly model: string;
  readonly action: StageAction;
  /** Required for `set`. */
  readonly stage?: Stage;
  readonly reason: string;
  readonly auth?: AuthContext;
}

export interface FeedbackInput {
  readonly leadId: string;
  readonly model?: string;
  readonly verdict: FeedbackVerdict;
  readonly note?: string;
  readonly auth?: AuthContext;
}

export interface MergeInput {
  readonly into: string;
  readonly from: string;
  readonly auth?: AuthContext;
}

export interface EraseReport {
  readonly leadId: string;
  readonly eventsDeleted: number;
}

export interface LeadService {
  list(query: ListLeadsQuery): Promise<ServiceResult<LeadPage>>;
  /** Accepts a lead id, or any id that was merged into a lead (merged ids keep resolving). */
  get(leadId: string): Promise<ServiceResult<Lead>>;
  explanation(leadId: string, model: string): Promise<ServiceResult<LeadExplanation>>;
  events(
    leadId: string,
    page: { readonly limit?: number; readonly startingAfter?: string },
  ): Promise<ServiceResult<Page<LeadEventView>>>;
  history(leadId: string, model: string): Promise<ServiceResult<readonly ScorePoint[]>>;
  changeStage(input: StageChangeInput): Promise<ServiceResult<Lead>>;
  addFeedback(input: FeedbackInput): Promise<ServiceResult<FeedbackEntry>>;
  merge(input: MergeInput): Promise<ServiceResult<Lead>>;
  erase(leadId: string, auth?: AuthContext): Promise<ServiceResult<EraseReport>>;
}

// ---------- models ----------

export interface ModelSummary {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly publishedAt: number;
}

export interface ModelDetail extends ModelSummary {
  /** The model document as validated (JSON form). */
  readonly document: unknown;
}

export interface ModelVersion {
  readonly version: number;
  readonly publishedAt: number;
  readonly retroactive: boolean;
}

/** A model document: already parsed JSON, or source text (YAML or JSON). */
export type ModelSource =
  | { readonly document: unknown }
  | { readonly text: string; readonly format: "json" | "yaml" };

export interface PutModelInput {
  readonly id: string;
  readonly source: ModelSource;
  /** true: rescore every lead from history now; false: the new version applies from now on. */
  readonly retroactive: boolean;
  readonly auth?: AuthContext;
}

export interface ModelApplyReport {
  readonly version: number;
  readonly retroactive: boolean;
  readonly leadsRescored: number;
  readonly bandChanges: number;
  readonly stageChanges: number;
}

export interface ModelService {
  list(): Promise<readonly ModelSummary[]>;
  get(id: string): Promise<ServiceResult<ModelDetail>>;
  versions(id: string): Promise<ServiceResult<readonly ModelVersion[]>>;
  /** Validation problems come back as `invalid` with one FieldProblem per model problem. */
  put(input: PutModelInput): Promise<ServiceResult<ModelApplyReport>>;
  /** The impact of a draft over all leads, without publishing (`version` is the one it would get). */
  preview(id: string, source: ModelSource): Promise<ServiceResult<ModelApplyReport>>;
}

// ---------- keys ----------

export interface KeySummary {
  readonly id: string;
  readonly kind: KeyKind;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
  /** First characters of the key, safe to show (`sk_3fa9…`). */
  readonly prefix: string;
  readonly createdAt: number;
}

export interface CreateKeyInput {
  readonly kind: KeyKind;
  readonly name: string;
  /** Secret keys only; required and non-empty for them. */
  readonly scopes?: readonly Scope[];
  /** Publishable keys only; exact origins such as `https://shop.example`. `*` allows any. */
  readonly allowedOrigins?: readonly string[];
}

export interface CreatedKey {
  readonly key: KeySummary;
  /** The full key, shown once; only its SHA-256 hash is stored. */
  readonly secret: string;
}

export interface KeyService {
  list(): Promise<readonly KeySummary[]>;
  create(input: CreateKeyInput): Promise<ServiceResult<CreatedKey>>;
  revoke(id: string): Promise<ServiceResult<{ readonly id: string }>>;
  /** The key's context, or null for an unknown or revoked key. */
  authenticate(rawKey: string): Promise<AuthContext | null>;
}

// ---------- ops ----------

export interface ReadyReport {
  readonly ready: boolean;
  readonly store: boolean;
  readonly migrations: boolean;
  readonly draining: boolean;
}

export interface MetricSample {
  /** Full Prometheus name with the `leadscore_` prefix, e.g. `leadscore_ingest_events_total`. */
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly value: number;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface HealthService {
  live(): { readonly live: true };
  ready(): Promise<ReadyReport>;
}

export interface MetricsService {
  snapshot(): readonly MetricSample[];
}

// ---------- queues (S14–S16) ----------

export type QueueReason =
  | "callback_due"
  | "on_site"
  | "high_intent"
  | "active_today"
  | "active_week"
  | "score";

export interface QueueEntry {
  readonly leadId: string;
  readonly userId: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly company: string | null;
  readonly score: number;
  readonly band: string;
  readonly stage: Stage;
  readonly grade: Grade;
  readonly lastActivityAt: number | null;
  readonly presentNow: boolean;
  readonly callbackDue: boolean;
  /** Why the lead is where it is, as a code (for translations) and in English. */
  readonly reasonCode: QueueReason;
  readonly reason: string;
}

export interface QueueSummary {
  readonly id: string;
  readonly name: string;
  readonly model: string;
  /** Eligible leads now. */
  readonly size: number;
  /** The queue's change counter; a stream event with the same version shows the same list. */
  readonly version: number;
  /** The definition's version. */
  readonly revision: number;
}

export interface QueuePage {
  readonly queue: string;
  readonly version: number;
  readonly size: number;
  readonly data: readonly QueueEntry[];
  readonly hasMore: boolean;
}

export interface QueueDetail {
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly revision: number;
  readonly publishedAt: number;
  readonly document: unknown;
}

export interface PutQueueInput {
  readonly id: string;
  readonly source: ModelSource;
  readonly auth?: AuthContext;
}

export interface Claim {
  readonly claimId: string;
  readonly queue: string;
  readonly agentId: string;
  readonly claimedAt: number;
  readonly leaseUntil: number;
  readonly lead: QueueEntry;
}

export type Outcome =
  | "no_answer"
  | "call_back"
  | "interested"
  | "not_interested"
  | "qualified"
  | "wrong_data";

export interface OutcomeInput {
  readonly queueId: string;
  readonly leadId: string;
  readonly outcome: Outcome;
  /** Required for `call_back`: when to call again (epoch ms, in the future). */
  readonly callbackAt?: number;
  readonly note?: string;
  /** The claim this call was made under; released with the outcome. */
  readonly claimId?: string;
  /** Dedupe key of the outcome event (retries record it once). */
  readonly messageId?: string;
  readonly agentId: string;
  readonly auth?: AuthContext;
}

export interface OutcomeReport {
  readonly messageId: string;
  readonly leadId: string;
  /** The event name in the log, `call.<outcome>`. */
  readonly event: string;
  readonly outcome: Outcome;
  readonly status: "accepted" | "duplicate";
  readonly callbackAt: number | null;
  readonly releasedClaim: string | null;
}

export interface AudienceDelivery {
  readonly url: string;
  readonly status: number;
  readonly leads: number;
  readonly webhookId: string;
}

/** One Server-Sent Event, transport-free: the HTTP layer writes the frame. */
export interface StreamMessage {
  readonly id: string;
  readonly event: "snapshot" | "update";
  /** JSON text. */
  readonly data: string;
}

/** The receiving end of a live stream; `ready` is false while the client lags (its buffer is full). */
export interface StreamSink {
  write(message: StreamMessage): void;
  ready(): boolean;
}

export interface StreamSubscription {
  /** The client caught up after lagging: send it the current view. */
  resync(): void;
  close(): void;
}

export interface QueueService {
  list(): Promise<readonly QueueSummary[]>;
  definition(id: string): Promise<ServiceResult<QueueDetail>>;
  put(input: PutQueueInput): Promise<ServiceResult<QueueDetail>>;
  remove(id: string, auth?: AuthContext): Promise<ServiceResult<{ readonly id: string }>>;
  /** The first `limit` leads in queue order (default 50, at most 500). */
  top(id: string, limit?: number): Promise<ServiceResult<QueuePage>>;
  claim(input: {
    readonly queueId: string;
    readonly agentId: string;
    readonly auth?: AuthContext;
  }): Promise<ServiceResult<Claim>>;
  renew(queueId: string, claimId: string): Promise<ServiceResult<Claim>>;
  release(queueId: string, claimId: string): Promise<ServiceResult<{ readonly claimId: string }>>;
  recordOutcome(input: OutcomeInput): Promise<ServiceResult<OutcomeReport>>;
  /** The whole current order as CSV (S16 audiences). */
  exportCsv(id: string): Promise<ServiceResult<string>>;
  /** POSTs the current order to a webhook (Standard Webhooks signature). */
  sendAudience(input: {
    readonly queueId: string;
    readonly url: string;
    /** The endpoint's `whsec_…` signing secret (Standard Webhooks). */
    readonly secret: string;
    readonly limit?: number;
  }): Promise<ServiceResult<AudienceDelivery>>;
  /** A live view of the queue's first `limit` leads; `lastEventId` resumes a dropped stream. */
  watch(
    id: string,
    options: { readonly limit: number; readonly lastEventId?: string },
    sink: StreamSink,
  ): ServiceResult<StreamSubscription>;
  /** A live view of one lead (score, band, stage, grade per model, presence). */
  watchLead(leadId: string, sink: StreamSink): ServiceResult<StreamSubscription>;
}

export interface StreamTokenService {
  /** A short-lived token for EventSource, which cannot send an Authorization header. */
  issue(auth: AuthContext): Promise<{ readonly token: string; readonly expiresAt: number }>;
  verify(token: string): Promise<AuthContext | null>;
}

export interface AppServices {
  readonly ingest: IngestService;
  readonly leads: LeadService;
  readonly models: ModelService;
  readonly keys: KeyService;
  readonly health: HealthService;
  readonly metrics: MetricsService;
  // ---- queues ----
  readonly queues: QueueService;
  readonly streamTokens: StreamTokenService;
}
