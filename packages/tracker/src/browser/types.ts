/** One Segment-style message as the collect endpoint `POST /v1/batch` takes it. */
export type TrackerMessage = {
  type: "page" | "track" | "identify" | "alias";
  messageId: string;
  anonymousId: string;
  userId?: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  previousId?: string;
  context: Record<string, unknown>;
  originalTimestamp: string;
};

/** Options of `leadscore.load(writeKey, options)`; every field has a default. */
export type LoadOptions = {
  /** Origin of the leadscore server; defaults to the origin the snippet was loaded from. */
  host?: string;
  /** Send a `page` call as soon as the snippet loads (default true). */
  autoPage?: boolean;
  /** Send as soon as this many messages wait (default 10). */
  flushAt?: number;
  /** Send waiting messages at the latest after this long (default 5000). */
  flushIntervalMs?: number;
  /** Presence heartbeat period while the tab is visible; 0 turns heartbeats off (default 15000). */
  heartbeatIntervalMs?: number;
  /** Stay silent when the browser sends Do Not Track or Global Privacy Control (default false). */
  respectDoNotTrack?: boolean;
};

export type Properties = Record<string, unknown>;

/** The public API installed as `window.leadscore`; every call before load is queued. */
export type TrackerApi = {
  /**
   * Starts the snippet; the `data-key` attribute of the script tag does it for you.
   * @example leadscore.load("pk_live_123", { host: "https://leads.example.com" })
   */
  load(writeKey: string, options?: LoadOptions): void;
  /**
   * Records a page view; the first one is sent on load unless `autoPage` is false.
   * @example leadscore.page("Pricing", { plan: "team" })
   */
  page(name?: string | Properties, properties?: Properties): void;
  /**
   * Records an event; events are batched (10 or 5 s).
   * @example leadscore.track("Demo Requested", { seats: 20 })
   */
  track(event: string, properties?: Properties): void;
  /**
   * Ties this visitor to a known lead; later calls carry the userId, across page loads.
   * @example leadscore.identify("lead-42", { email: "ada@example.com" })
   */
  identify(userId?: string | Properties, traits?: Properties): void;
  /**
   * Declares that `previousId` (default: the current userId, else the anonymous id) is `userId`.
   * @example leadscore.alias("crm-42")
   */
  alias(userId: string, previousId?: string): void;
  /**
   * Forgets the userId and starts a new anonymous id (on logout).
   * @example leadscore.reset()
   */
  reset(): void;
  /**
   * The stub's queue interface, kept so `leadscore.push([...])` works after load too.
   * @example leadscore.push(["track", "Signed Up"])
   */
  push(call: unknown[]): void;
};
