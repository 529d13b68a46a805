export interface SignInThrottleOptions {
  /** Failures allowed per account within the window before sign-in is refused. */
  readonly maxFailuresPerAccount: number;
  /** Failures allowed per client address within the window. */
  readonly maxFailuresPerIp: number;
  readonly windowMs: number;
  readonly now: () => number;
}

export const DEFAULT_SIGN_IN_THROTTLE = {
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 50,
  windowMs: 15 * 60_000,
} as const;

const MAX_TRACKED = 10_000;

/**
 * Failed sign-ins per account and per address in a sliding window; kept in process memory
 * (ADR 0070), bounded so a flood of made-up emails cannot grow it without end.
 */
export class SignInThrottle {
  readonly #options: SignInThrottleOptions;
  readonly #failures = new Map<string, number[]>();

  constructor(options: SignInThrottleOptions) {
    this.#options = options;
  }

  /** 0 when a sign-in may be tried now, else the milliseconds to wait. */
  retryAfterMs(email: string, ip: string | null): number {
    const account = this.#wait(`e:${email}`, this.#options.maxFailuresPerAccount);
    const address = ip === null ? 0 : this.#wait(`i:${ip}`, this.#options.maxFailuresPerIp);
    return Math.max(account, address);
  }

  fail(email: string, ip: string | null): void {
    this.#record(`e:${email}`, this.#options.maxFailuresPerAccount);
    if (ip !== null) this.#record(`i:${ip}`, this.#options.maxFailuresPerIp);
  }

  /** A correct password clears the account's failures (not the address's). */
  succeed(email: string): void {
    this.#failures.delete(`e:${email}`);
  }

  #recent(slot: string): number[] {
    const since = this.#options.now() - this.#options.windowMs;
    const times = (this.#failures.get(slot) ?? []).filter((at) => at > since);
    if (times.length === 0) this.#failures.delete(slot);
    else this.#failures.set(slot, times);
    return times;
  }

  #wait(slot: string, max: number): number {
    const times = this.#recent(slot);
    if (times.length < max) return 0;
    const oldest = times[times.length - max] ?? 0;
    return Math.max(1, oldest + this.#options.windowMs - this.#options.now());
  }

  #record(slot: string, max: number): void {
    const times = this.#recent(slot);
    times.push(this.#options.now());
    // Only the last `max` failures decide when the slot opens again; re-inserting keeps LRU order.
    this.#failures.delete(slot);
    this.#failures.set(slot, times.slice(-max));
    if (this.#failures.size > MAX_TRACKED) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }
}
