// The interface every transport (HTTP, CLI, later queues) calls. Plain types; transports map their schemas to these.
import type { Grade, LedgerLine, Stage, StageChange } from "@leadscore/core";
import type { QueueService, StreamTokenService } from "./queue-api.ts";

export type {
  AudienceDelivery,
  Claim,
  Outcome,
  OutcomeInput,
  OutcomeReport,
  PutQueueInput,
  QueueDetail,
  QueueEntry,
  QueuePage,
  QueueReason,
  QueueService,
  QueueSummary,
  StreamMessage,
  StreamSink,
  StreamSubscription,
  StreamTokenService,
} from "./queue-api.ts";

import type { ReportService } from "./reports/report-api.ts";

export type * from "./reports/report-api.ts";

export type Scope =
  | "leads:read"
  | "leads:write"
  | "models:write"
  | "webhooks:write"
  | "imports:write"
  | "privacy:erase"
  | "queues:work"
  | "reports:read"
  | "admin";

export const ALL_SCOPES: readonly Scope[] = [
  "leads:read",
  "leads:write",
  "models:write",
  "webhooks:write",
  "imports:write",
  "privacy:erase",
  "queues:work",
  "reports:read",
  "admin",
];

export type KeyKind = "secret" | "publishable";

/** Who is calling: a key (`keys.authenticate`) or a dashboard session (`sessions.authenticate`). */
export interface AuthContext {
  /** The key's id, or the signed-in user's id: the actor recorded on what they change. */
  readonly keyId: string;
  readonly kind: KeyKind | "session";
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
  /** Sessions only. */
  readonly userId?: string;
  readonly role?: Role;
}

/** Expected failures are values; `code` maps to an HTTP status in the transport, never here. */
export type ServiceErrorCode =
  | "not_found"
  | "invalid"
  | "conflict"
  | "forbidden"
  | "suppressed"
  | "too_large"
  | "unauthenticated"
  | "rate_limited"
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
  /** `rate_limited` only: when trying again can succeed. */
  readonly retryAfterSeconds?: number;
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
  /** Byte size of the body the items came in: a bound on each item's size, so small bodies skip measuring. */
  readonly bodyBytes?: number;
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
  /** One published version with its document. */
  version(id: string, version: number): Promise<ServiceResult<ModelDetail>>;
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
  /** Publishable keys only: the full key, public by design, for the tracking snippet. */
  readonly publishableKey?: string;
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

// ---------- idempotency keys ----------

export interface IdempotentResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type IdempotencyBegin =
  | { readonly kind: "run" }
  | { readonly kind: "replay"; readonly response: IdempotentResponse }
  | { readonly kind: "in-flight" }
  | { readonly kind: "mismatch" };

/** Retried writes run once, across every process on the store. */
export interface IdempotencyService {
  /** Take `slot` for a request whose body has `fingerprint`, or say what already holds it. */
  begin(slot: string, fingerprint: string, nowMs: number): Promise<IdempotencyBegin>;
  /** Keep the response for `ttlMs`; null forgets the slot (a server error may succeed on retry). */
  finish(
    slot: string,
    response: IdempotentResponse | null,
    nowMs: number,
    ttlMs: number,
  ): Promise<void>;
}

export interface AppServices {
  readonly ingest: IngestService;
  readonly idempotency: IdempotencyService;
  readonly leads: LeadService;
  readonly models: ModelService;
  readonly keys: KeyService;
  readonly health: HealthService;
  readonly metrics: MetricsService;
  readonly users: UserService;
  readonly sessions: SessionService;
  // ---- queues ----
  readonly queues: QueueService;
  readonly streamTokens: StreamTokenService;
  // ---- reports ----
  readonly reports: ReportService;
}

// ---------- users and sessions ----------

export type Role = "admin" | "marketer" | "agent";

export const ROLES: readonly Role[] = ["admin", "marketer", "agent"];

export interface UserSummary {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Epoch ms when the user was disabled; null while the user may sign in. */
  readonly disabledAt: number | null;
}

export interface CreateUserInput {
  readonly email: string;
  readonly role: Role;
  /** At least 12 characters; generated (and returned once) when absent. */
  readonly password?: string;
}

export interface UserWithPassword {
  readonly user: UserSummary;
  /** The generated password, shown once; null when the caller chose it. */
  readonly password: string | null;
}

export interface UpdateUserInput {
  readonly id: string;
  readonly role?: Role;
  readonly disabled?: boolean;
}

export interface UserService {
  list(): Promise<readonly UserSummary[]>;
  /** By id, or by email when `idOrEmail` contains `@`. */
  get(idOrEmail: string): Promise<ServiceResult<UserSummary>>;
  create(input: CreateUserInput): Promise<ServiceResult<UserWithPassword>>;
  /** A role change applies to the next request; disabling ends every session of the user. */
  update(input: UpdateUserInput): Promise<ServiceResult<UserSummary>>;
  remove(id: string): Promise<ServiceResult<{ readonly id: string }>>;
  /** Ends every session of the user. */
  resetPassword(id: string, password?: string): Promise<ServiceResult<UserWithPassword>>;
}

export interface SessionInfo {
  readonly user: UserSummary;
  readonly scopes: readonly Scope[];
  /** Absolute expiry, epoch ms. */
  readonly expiresAt: number;
  /** When the session ends unless it is used before, epoch ms. */
  readonly idleExpiresAt: number;
}

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  /** For the per-address throttle; null when unknown. */
  readonly clientIp: string | null;
  /** The token of the session this browser had, ended on sign-in (rotation). */
  readonly previousToken: string | null;
}

export interface SignedIn {
  /** Goes in the cookie; only its hash is stored. */
  readonly token: string;
  readonly session: SessionInfo;
}

export interface SessionService {
  /** `unauthenticated` for a wrong email or password, `rate_limited` after repeated failures. */
  signIn(input: SignInInput): Promise<ServiceResult<SignedIn>>;
  /** Null when the token is unknown, expired (idle or absolute) or its user disabled or deleted. */
  authenticate(
    token: string,
  ): Promise<{ readonly auth: AuthContext; readonly session: SessionInfo } | null>;
  signOut(token: string): Promise<void>;
  /**
   * The signed-in user sets a new password: `invalid` at /currentPassword when the current one is
   * wrong. Every session of the user ends; this browser gets a new one.
   */
  changePassword(input: ChangePasswordInput): Promise<ServiceResult<SignedIn>>;
}

export interface ChangePasswordInput {
  readonly token: string;
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly clientIp: string | null;
}
