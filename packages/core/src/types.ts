// Public types of the scoring core. Other packages import only from the package index.
// Times are epoch milliseconds (numbers) everywhere inside core; parsing ISO strings is the caller's job.

/** Lifecycle stages in their automatic order; `disqualified` sits outside the order. */
export const STAGE_ORDER = ["anonymous", "lead", "mql", "sql", "opportunity", "customer"] as const;
export type OrderedStage = (typeof STAGE_ORDER)[number];
export type Stage = OrderedStage | "disqualified";

export type Traits = Readonly<Record<string, unknown>>;

/**
 * One behaviour event of a lead, already resolved to the lead and with its timestamp corrected.
 * `type` is the event name (`email.clicked`, `page.viewed`, `stage.set`, …).
 */
export interface LeadEvent {
  readonly messageId: string;
  readonly type: string;
  /** Epoch ms, clock-skew corrected. */
  readonly timestamp: number;
  readonly properties?: Readonly<Record<string, unknown>>;
  /** Traits carried by an identify call; they apply from `timestamp` on. */
  readonly traits?: Traits;
  /** True when the message carried a userId or an email: the lead is identified from here on. */
  readonly identified?: boolean;
}

/** Everything core needs to know about one lead to score it. */
export interface LeadHistory {
  /** Traits known independently of events (imports, CRM); event traits are applied over them. */
  readonly traits?: Traits;
  /** Identified from the start (e.g. imported with an email). */
  readonly identified?: boolean;
  readonly events: readonly LeadEvent[];
}

export type LedgerKind = "fit" | "engagement" | "decay" | "clamp";

/** One contribution to a score. The `points` of all lines sum to the unrounded score. */
export interface LedgerLine {
  readonly kind: LedgerKind;
  /** Rule id, or `decay` / `clamp`. */
  readonly ruleId: string;
  /** Points after decay and capping. */
  readonly points: number;
  /** Points the rule gives before decay and capping. */
  readonly basePoints: number;
  /** Source event (engagement) or trait names (fit). */
  readonly messageId?: string;
  readonly eventType?: string;
  readonly occurredAt?: number;
  readonly traits?: readonly string[];
  /** Multiplier applied by half-life decay (1 = none). */
  readonly decayFactor?: number;
  /** Points removed by a limit (`basePoints - clippedPoints` before decay). */
  readonly cappedPoints?: number;
  readonly note?: string;
}

export interface StageChange {
  readonly stage: Stage;
  readonly from: Stage | null;
  readonly at: number;
  /** `identified`, `rule:<index>`, `manual`, `import`. */
  readonly cause: string;
  readonly messageId?: string;
  readonly reason?: string;
}

export type Grade = "A" | "B" | "C" | "D";

/** The state of one lead under one model at one instant. */
export interface LeadModelState {
  readonly modelId: string;
  readonly score: number;
  /** Unrounded, clamped score: the sum of the ledger. */
  readonly rawScore: number;
  readonly fit: number;
  readonly engagement: number;
  readonly band: string;
  readonly stage: Stage;
  readonly stageHistory: readonly StageChange[];
  readonly ledger: readonly LedgerLine[];
  readonly lastActivityAt: number | null;
}

export interface ModelProblem {
  /** JSON path into the model document, e.g. `["engagement", 2, "when", "where", "url"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
