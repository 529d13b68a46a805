// The queue part of the interface transports call (S14–S16): queues, claims, outcomes, audiences, streams.
import type { Grade, Stage } from "@leadscore/core";
import type { AuthContext, ModelSource, ServiceResult } from "./app-services.ts";

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
