import type { StreamMessage, StreamSink, StreamSubscription } from "../app-services.ts";

/** What a client of one queue with one limit sees: the first `limit` leads and the queue's size. */
export interface QueueView {
  readonly version: number;
  readonly size: number;
  readonly order: readonly string[];
  /** Lead id → the entry's JSON text (compared as text to find what changed). */
  readonly entries: ReadonlyMap<string, string>;
}

/** Updates each broadcaster keeps for `Last-Event-ID` resumption; older clients get a snapshot. */
const HISTORY = 512;
/** A broadcaster without clients for this long is dropped with its history. */
const IDLE_MS = 5 * 60_000;

interface Sink {
  readonly sink: StreamSink;
  lagging: boolean;
}

interface Sent {
  readonly version: number;
  /** The update's JSON text, or null for a version at which nothing visible changed. */
  readonly data: string | null;
}

function snapshotData(queue: string, view: QueueView): string {
  const data = view.order.map((id) => view.entries.get(id) ?? "null").join(",");
  return `{"queue":${JSON.stringify(queue)},"version":${view.version},"size":${view.size},"data":[${data}]}`;
}

/**
 * The changes from `before` to `after`, or null when a client holding `before` would see nothing new.
 * `order` lists the new order with each lead the client already holds as its previous index (a number) and
 * each new lead as its id: a lead moving to the top costs a few bytes, not fifty ids.
 */
function updateData(queue: string, before: QueueView, after: QueueView): string | null {
  const sameOrder =
    before.order.length === after.order.length &&
    before.order.every((id, i) => after.order[i] === id);
  const previousIndex = new Map(before.order.map((id, i) => [id, i]));
  const upsert: string[] = [];
  for (const [id, text] of after.entries) if (before.entries.get(id) !== text) upsert.push(text);
  const remove = before.order.filter((id) => !after.entries.has(id));
  if (sameOrder && upsert.length === 0 && before.size === after.size) return null;
  const parts = [
    `"queue":${JSON.stringify(queue)}`,
    `"version":${after.version}`,
    `"size":${after.size}`,
  ];
  if (!sameOrder) {
    const order = after.order.map((id) => previousIndex.get(id) ?? id);
    parts.push(`"order":${JSON.stringify(order)}`);
  }
  if (upsert.length > 0) parts.push(`"upsert":[${upsert.join(",")}]`);
  if (remove.length > 0) parts.push(`"remove":${JSON.stringify(remove)}`);
  return `{${parts.join(",")}}`;
}

/**
 * Fans one queue view (queue × limit) out to its stream clients: one diff per flush, serialised once,
 * and a bounded history of the diffs so a reconnecting client resumes from its `Last-Event-ID`.
 */
export class ViewBroadcaster {
  readonly #queue: string;
  readonly #epoch: string;
  readonly #current: () => QueueView;
  readonly #clock: () => number;
  readonly #sinks = new Set<Sink>();
  #last: QueueView | null = null;
  readonly #history: Sent[] = [];
  idleSince: number | null = null;

  constructor(queue: string, epoch: string, current: () => QueueView, clock: () => number) {
    this.#queue = queue;
    this.#epoch = epoch;
    this.#current = current;
    this.#clock = clock;
  }

  get clients(): number {
    return this.#sinks.size;
  }

  #id(version: number): string {
    return `${this.#epoch}-${version}`;
  }

  #snapshot(view: QueueView): StreamMessage {
    return { id: this.#id(view.version), event: "snapshot", data: snapshotData(this.#queue, view) };
  }

  /** Bring the view up to date and send what changed to every client that keeps up; true if it sent. */
  flush(): boolean {
    const view = this.#current();
    const last = this.#last;
    this.#last = view;
    if (last === null) {
      this.#remember({ version: view.version, data: null });
      return false;
    }
    if (view.version === last.version) return false;
    const data = updateData(this.#queue, last, view);
    this.#remember({ version: view.version, data });
    if (data === null || this.#sinks.size === 0) return false;
    const message: StreamMessage = { id: this.#id(view.version), event: "update", data };
    for (const client of this.#sinks) this.#deliver(client, message, view);
    return true;
  }

  #remember(sent: Sent): void {
    this.#history.push(sent);
    if (this.#history.length > HISTORY) this.#history.splice(0, this.#history.length - HISTORY);
  }

  #deliver(client: Sink, message: StreamMessage, view: QueueView): void {
    if (!client.sink.ready()) {
      client.lagging = true;
      return;
    }
    if (client.lagging) {
      client.lagging = false;
      client.sink.write(this.#snapshot(view));
      return;
    }
    client.sink.write(message);
  }

  /** A new client: a snapshot, or the updates it missed since `lastEventId` when they are still held. */
  subscribe(sink: StreamSink, lastEventId: string | undefined): StreamSubscription {
    this.flush();
    const view = this.#last ?? this.#current();
    const client: Sink = { sink, lagging: false };
    this.#sinks.add(client);
    this.idleSince = null;
    const missed = this.#missedSince(lastEventId);
    if (missed === null) sink.write(this.#snapshot(view));
    else for (const message of missed) sink.write(message);
    return {
      resync: () => {
        if (!client.lagging || !sink.ready()) return;
        client.lagging = false;
        this.flush();
        sink.write(this.#snapshot(this.#last ?? this.#current()));
      },
      close: () => {
        this.#sinks.delete(client);
        if (this.#sinks.size === 0) this.idleSince = this.#clock();
      },
    };
  }

  #missedSince(lastEventId: string | undefined): StreamMessage[] | null {
    const match = /^([A-Za-z0-9]+)-(\d+)$/.exec(lastEventId ?? "");
    if (match === null || match[1] !== this.#epoch) return null;
    const version = Number(match[2]);
    const from = this.#history.findIndex((sent) => sent.version === version);
    if (from < 0) return null;
    return this.#history
      .slice(from + 1)
      .flatMap((sent) =>
        sent.data === null
          ? []
          : [{ id: this.#id(sent.version), event: "update" as const, data: sent.data }],
      );
  }

  isIdle(now: number): boolean {
    return this.idleSince !== null && now - this.idleSince > IDLE_MS;
  }
}
