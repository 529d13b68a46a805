import type { Store } from "../ports/store.ts";
import type { IdempotencyBegin, IdempotencyService, IdempotentResponse } from "./app-services.ts";

/** A request that holds a slot longer than this is presumed lost (its process died); a retry may run. */
const HELD_MS = 60_000;

/** Idempotency records in the store, so a retry through another process is answered the same. */
export class StoreIdempotencyService implements IdempotencyService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async begin(slot: string, fingerprint: string, nowMs: number): Promise<IdempotencyBegin> {
    const held = await this.#store.claimIdempotencySlot(slot, fingerprint, nowMs, nowMs + HELD_MS);
    if (held === null) return { kind: "run" };
    if (held.fingerprint !== fingerprint) return { kind: "mismatch" };
    return held.response === null
      ? { kind: "in-flight" }
      : { kind: "replay", response: held.response };
  }

  finish(
    slot: string,
    response: IdempotentResponse | null,
    nowMs: number,
    ttlMs: number,
  ): Promise<void> {
    return this.#store.finishIdempotencySlot(slot, response, nowMs + ttlMs);
  }
}
