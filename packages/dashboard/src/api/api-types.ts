// Wire shapes of the leadscore HTTP API (/v1) as the dashboard reads them.
// Times arrive as ISO-8601 strings or epoch milliseconds; `toDate` in format.ts accepts both.

export type WireTime = string | number;

export type Role = "admin" | "marketer" | "agent";

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
}

/** `GET` and `POST /v1/session`: who is signed in, what their role may do, when it ends. */
export interface SessionInfo {
  readonly user: SessionUser;
  readonly scopes: readonly string[];
  readonly expiresAt: WireTime;
  readonly idleExpiresAt: WireTime;
}

export interface Page<T> {
  readonly data: readonly T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;
}

export type LeadSort = "score" | "-score" | "activity" | "-activity";

/** A lead's standing under one model, as the lead list carries it. */
export interface LeadModelSummary {
  readonly score: number;
  readonly band: string;
  readonly stage: string;
  readonly grade?: string | null;
}

export interface LeadSummary {
  readonly id: string;
  readonly userId?: string | null;
  readonly email?: string | null;
  readonly name?: string | null;
  readonly company?: string | null;
  readonly createdAt?: WireTime;
  readonly lastActivityAt?: WireTime | null;
  readonly models: Readonly<Record<string, LeadModelSummary>>;
}

export interface LeadPage extends Page<LeadSummary> {
  readonly counts?: { readonly bands: Readonly<Record<string, number>> };
}

export interface StageChange {
  readonly stage: string;
  readonly from: string | null;
  readonly at: WireTime;
  /** `identified`, `rule:<index>`, `manual`, `import`. */
  readonly cause: string;
  readonly messageId?: string;
  readonly reason?: string;
}

export interface LeadModelScore extends LeadModelSummary {
  readonly fit: number;
  readonly engagement: number;
  readonly stageHistory: readonly StageChange[];
  readonly scoredAt?: WireTime | null;
}

export interface Feedback {
  readonly id?: string;
  readonly model?: string | null;
  readonly verdict: FeedbackVerdict;
  readonly note?: string | null;
  readonly at?: WireTime;
}

export interface Lead {
  readonly id: string;
  readonly userId?: string | null;
  readonly anonymousIds?: readonly string[];
  readonly email?: string | null;
  readonly name?: string | null;
  readonly company?: string | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly createdAt?: WireTime;
  readonly lastActivityAt?: WireTime | null;
  readonly models: Readonly<Record<string, LeadModelScore>>;
  readonly feedback?: readonly Feedback[];
}

/** One of a lead's events, newest first from `GET /v1/leads/{id}/events`. */
export interface LeadEvent {
  readonly messageId: string;
  /** `page`, `track` or `identify`. */
  readonly type: string;
  /** The event name (`page.viewed` for a page). */
  readonly event: string;
  readonly timestamp: WireTime;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** A `snapshot` or `update` of `GET /v1/leads/{id}/stream`: the summary, per model with presence. */
export interface LeadStreamView extends LeadSummary {
  readonly models: Readonly<Record<string, LeadModelSummary & { readonly presentNow?: boolean }>>;
}

export interface LedgerLine {
  readonly kind: "fit" | "engagement" | "decay" | "clamp";
  readonly ruleId: string;
  readonly points: number;
  readonly basePoints: number;
  readonly messageId?: string;
  readonly eventType?: string;
  readonly occurredAt?: WireTime;
  readonly traits?: readonly string[];
  readonly decayFactor?: number;
  readonly cappedPoints?: number;
  readonly note?: string;
}

export interface Explanation {
  readonly modelId: string;
  readonly score: number;
  readonly rawScore: number;
  readonly ledger: readonly LedgerLine[];
}

export interface ScorePoint {
  readonly at: WireTime;
  readonly score: number;
  readonly band: string;
  readonly messageId?: string;
  readonly eventType?: string;
}

export type StageAction = "accept" | "reject" | "opportunity" | "won" | "lost" | "set";
export type FeedbackVerdict = "good_fit" | "bad_fit";

export interface ModelSummary {
  readonly id: string;
  readonly name?: string;
  readonly version?: number;
  readonly publishedAt?: WireTime;
}

export interface QueueSummary {
  readonly id: string;
  readonly name?: string;
  readonly model?: string;
  readonly size?: number;
  readonly version?: number;
  readonly revision?: number;
}

export interface QueueList {
  readonly data: readonly QueueSummary[];
  readonly has_more: boolean;
}

export type QueueReason =
  | "callback_due"
  | "on_site"
  | "high_intent"
  | "active_today"
  | "active_week"
  | "score";

export interface QueueEntry {
  readonly leadId: string;
  readonly userId?: string | null;
  readonly name?: string | null;
  readonly email?: string | null;
  readonly company?: string | null;
  readonly score: number;
  readonly band: string;
  readonly stage?: string;
  readonly grade?: string | null;
  readonly lastActivityAt?: WireTime | null;
  /** On the website right now (page view or presence heartbeat). */
  readonly presentNow?: boolean;
  readonly callbackDue?: boolean;
  readonly reasonCode?: QueueReason;
  /** Why the lead is here, in English (the code is for translations). */
  readonly reason?: string | null;
}

/** `GET /v1/queues/{id}`: the first leads in order, with the version a stream event carries too. */
export interface QueuePage {
  readonly queue?: string;
  readonly version?: number;
  readonly size?: number;
  readonly data: readonly QueueEntry[];
  readonly has_more: boolean;
}

export interface Claim {
  readonly claimId?: string;
  readonly queue?: string;
  readonly agentId?: string;
  readonly claimedAt?: WireTime;
  readonly leaseUntil: WireTime;
  readonly lead: QueueEntry;
}

export interface OutcomeReport {
  readonly messageId: string;
  readonly leadId: string;
  readonly event: string;
  readonly outcome: string;
  readonly status: "accepted" | "duplicate";
  readonly callbackAt: WireTime | null;
  readonly releasedClaim: string | null;
}

export const OUTCOMES = [
  "no_answer",
  "call_back",
  "interested",
  "not_interested",
  "qualified",
  "wrong_data",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type KeyKind = "secret" | "publishable";

export interface ApiKey {
  readonly id: string;
  readonly kind: KeyKind;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly allowedOrigins: readonly string[];
  /** First characters, safe to show. */
  readonly prefix: string;
  readonly createdAt: WireTime;
  /** Publishable keys only: the full key (public by design). */
  readonly publishableKey?: string;
}

export interface CreatedKey {
  readonly key: ApiKey;
  /** Shown once. */
  readonly secret: string;
}

export const SECRET_KEY_SCOPES = [
  "leads:read",
  "leads:write",
  "models:write",
  "webhooks:write",
  "imports:write",
  "privacy:erase",
  "queues:work",
  "reports:read",
  "admin",
] as const;

export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: WireTime;
  readonly updatedAt: WireTime;
  readonly disabledAt: WireTime | null;
}

export interface UserWithPassword {
  readonly user: User;
  /** Generated, shown once; null when the admin chose it. */
  readonly password: string | null;
}

// ---- models, backtests and the funnel ----

/** A model document in the JSON form of the model language (docs/model-language.md). */
export type ModelDocument = Readonly<Record<string, unknown>>;

export interface ModelDetail {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly publishedAt: WireTime;
  readonly document: ModelDocument;
}

export interface ModelVersion {
  readonly version: number;
  readonly publishedAt: WireTime;
  readonly retroactive: boolean;
}

/** What publishing (or previewing) a version changes among the leads now. */
export interface ModelApplyReport {
  readonly version: number;
  readonly retroactive: boolean;
  readonly leadsRescored: number;
  readonly bandChanges: number;
  readonly stageChanges: number;
}

/** A published model (its current version or the one named) or a draft document. */
export type ModelRef =
  | { readonly id: string; readonly version?: number }
  | { readonly document: ModelDocument };

export interface BandRow {
  readonly name: string;
  readonly from: number;
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number | null;
  readonly atOrAbove: {
    readonly rows: number;
    readonly precision: number | null;
    readonly recall: number | null;
  };
}

export interface DecileRow {
  readonly decile: number;
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number;
  readonly lift: number;
  readonly cumulativeGain: number;
  readonly cumulativeLift: number;
  readonly minScore: number | null;
}

export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number | null;
  readonly meanScore: number | null;
}

export interface EvaluationReport {
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number;
  readonly auc: number | null;
  readonly lift10: number;
  readonly bands: readonly BandRow[];
  readonly deciles: readonly DecileRow[];
  readonly calibration: readonly CalibrationBin[];
}

export interface FeedbackReport {
  readonly marks: number;
  readonly good: number;
  readonly bad: number;
  readonly meanScoreGood: number | null;
  readonly meanScoreBad: number | null;
  readonly agreement: number | null;
  readonly bands: readonly {
    readonly name: string;
    readonly from: number;
    readonly good: number;
    readonly bad: number;
  }[];
}

export interface BacktestModelReport {
  readonly modelId: string;
  readonly name: string;
  /** null for a draft. */
  readonly version: number | null;
  readonly evaluation: EvaluationReport;
  readonly mqlsPerMonth: readonly { readonly month: string; readonly count: number }[];
  readonly missedWins: number;
  readonly skipped: number;
  readonly feedback: FeedbackReport;
}

export interface Standing {
  readonly score: number;
  readonly band: string;
  readonly stage: string;
}

export interface BacktestLeadChange {
  readonly leadId: string;
  readonly label: string | null;
  readonly from: Standing;
  readonly to: Standing;
  readonly converted: boolean;
}

export interface Backtest {
  readonly cutoff: WireTime;
  readonly horizonMs: number;
  readonly outcomeEvents: readonly string[];
  readonly models: readonly BacktestModelReport[];
  readonly changes: {
    readonly total: number;
    readonly converted: number;
    readonly sample: readonly BacktestLeadChange[];
  } | null;
}

export const FUNNEL_STAGES = ["lead", "mql", "sql", "opportunity", "customer"] as const;

export interface FunnelStep {
  readonly stage: (typeof FUNNEL_STAGES)[number];
  readonly reached: number;
  readonly conversionFromPrevious: number | null;
  readonly conversionFromCohort: number | null;
  readonly current: number;
  readonly medianTimeInStageMs: number | null;
  readonly movedOn: number;
}

export interface Funnel {
  readonly modelId: string;
  readonly version: number;
  readonly outcomeEvents: readonly string[];
  readonly from: WireTime;
  readonly to: WireTime;
  readonly cohort: number;
  readonly steps: readonly FunnelStep[];
  readonly disqualified: number;
  readonly won: number;
}
