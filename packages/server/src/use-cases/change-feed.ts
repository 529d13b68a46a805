/** Why leads changed: a commit (this process or, later, another one), or time alone. */
export type ChangeCause = "commit" | "time" | "decay" | "model" | "claim" | "load";

export interface LeadChanges {
  /** Leads whose state changed, or that vanished (erased, merged away): read the book to see which. */
  readonly leadIds: ReadonlySet<string>;
  readonly cause: ChangeCause;
  readonly at: number;
}

export type ChangeListener = (changes: LeadChanges) => void;

/**
 * The single entry point for "these leads changed": queue indexes, live streams and (later) webhooks
 * subscribe. Listeners run synchronously, in subscription order, right after the in-memory state changed.
 */
export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(changes: LeadChanges): void {
    if (changes.leadIds.size === 0) return;
    for (const listener of this.#listeners) listener(changes);
  }
}
