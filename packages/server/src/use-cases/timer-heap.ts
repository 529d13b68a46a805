/**
 * Wake-up instants per lead in a binary min-heap: the service sleeps until the earliest one instead of
 * scanning every lead. An id is pushed only when it moves its earliest pending instant forward in time;
 * superseded entries stay in the heap and cost one spurious wake-up (re-evaluating a lead is idempotent).
 */
export class TimerHeap {
  readonly #at: number[] = [];
  readonly #ids: string[] = [];
  readonly #earliest = new Map<string, number>();

  get size(): number {
    return this.#at.length;
  }

  /** True when `at` became the earliest pending instant of `id`. */
  schedule(id: string, at: number): boolean {
    const pending = this.#earliest.get(id);
    if (pending !== undefined && pending <= at) return false;
    this.#earliest.set(id, at);
    this.#push(at, id);
    return true;
  }

  peek(): number | null {
    return this.#at[0] ?? null;
  }

  /** Removes every entry due at or before `now` and adds its id to `into`. */
  popDue(now: number, into: Set<string>): void {
    while (this.#at.length > 0 && (this.#at[0] ?? Number.POSITIVE_INFINITY) <= now) {
      const at = this.#at[0] ?? 0;
      const id = this.#ids[0] ?? "";
      this.#pop();
      if (this.#earliest.get(id) === at) this.#earliest.delete(id);
      into.add(id);
    }
  }

  clear(): void {
    this.#at.length = 0;
    this.#ids.length = 0;
    this.#earliest.clear();
  }

  #push(at: number, id: string): void {
    const times = this.#at;
    const ids = this.#ids;
    let i = times.length;
    times.push(at);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((times[parent] ?? 0) <= at) break;
      times[i] = times[parent] ?? 0;
      ids[i] = ids[parent] ?? "";
      i = parent;
    }
    times[i] = at;
    ids[i] = id;
  }

  #pop(): void {
    const times = this.#at;
    const ids = this.#ids;
    const lastAt = times.pop() ?? 0;
    const lastId = ids.pop() ?? "";
    const n = times.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (times[right] ?? 0) < (times[left] ?? 0) ? right : left;
      if ((times[child] ?? 0) >= lastAt) break;
      times[i] = times[child] ?? 0;
      ids[i] = ids[child] ?? "";
      i = child;
    }
    times[i] = lastAt;
    ids[i] = lastId;
  }
}
