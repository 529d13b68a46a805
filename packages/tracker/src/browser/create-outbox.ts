import { readLocal, writeLocal } from "./storage.ts";
import type { TrackerMessage } from "./types.ts";

const queueKey = "ls_q";
const maxQueued = 100;
const maxBatch = 20;
// Browsers refuse keepalive bodies over 64 KiB in flight; larger batches go as ordinary fetches.
const keepaliveMaxChars = 60_000;
const maxRetryDelayMs = 30_000;

export type OutboxConfig = {
  endpoint: string;
  writeKey: string;
  flushAt: number;
  flushIntervalMs: number;
};

export type Outbox = {
  enqueue(message: TrackerMessage, urgent: boolean): void;
  flush(): Promise<void>;
  flushOnExit(): void;
  resume(): void;
};

function readQueue(): TrackerMessage[] {
  try {
    const stored: unknown = JSON.parse(readLocal(queueKey) ?? "[]");
    return Array.isArray(stored) ? (stored as TrackerMessage[]) : [];
  } catch {
    return [];
  }
}

/**
 * Batches messages, keeps them in localStorage until the server acknowledged them (so they
 * survive a reload or a network failure) and retries with exponential backoff.
 * Delivery is at least once: the server dedupes on messageId.
 */
export function createOutbox(config: OutboxConfig): Outbox {
  let queue = readQueue();
  let sending = false;
  let exiting = false;
  let urgentWaiting = queue.length > 0;
  let failures = 0;
  let retryAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDueAt = 0;

  const persist = () => writeLocal(queueKey, queue.length > 0 ? JSON.stringify(queue) : null);
  const body = (batch: TrackerMessage[]) =>
    JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey: config.writeKey });

  function schedule(delayMs: number): void {
    const dueAt = Math.max(Date.now() + delayMs, retryAt);
    if (timer !== undefined && timerDueAt <= dueAt) return;
    clearTimeout(timer);
    timerDueAt = dueAt;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, dueAt - Date.now());
  }

  function scheduleWaiting(): void {
    if (queue.length === 0) return;
    schedule(urgentWaiting || queue.length >= config.flushAt ? 0 : config.flushIntervalMs);
  }

  async function flush(): Promise<void> {
    if (sending || exiting || queue.length === 0) return;
    if (Date.now() < retryAt) {
      scheduleWaiting();
      return;
    }
    const batch = queue.slice(0, maxBatch);
    const text = body(batch);
    sending = true;
    urgentWaiting = false;
    let status = 0;
    try {
      const response = await fetch(config.endpoint, {
        method: "POST",
        body: text,
        credentials: "omit",
        keepalive: text.length <= keepaliveMaxChars,
      });
      status = response.status;
    } catch {}
    sending = false;
    if (status === 0 || status === 429 || status >= 500) {
      failures += 1;
      const delayMs = Math.min(maxRetryDelayMs, 1000 * 2 ** (failures - 1));
      retryAt = Date.now() + delayMs * (0.8 + Math.random() * 0.4);
      urgentWaiting = true;
    } else {
      // Any other status is final for this batch: accepted, or a 4xx a retry cannot fix.
      failures = 0;
      const sent = new Set(batch.map((message) => message.messageId));
      queue = queue.filter((message) => !sent.has(message.messageId));
      persist();
      if (queue.length >= config.flushAt) urgentWaiting = true;
    }
    scheduleWaiting();
  }

  scheduleWaiting();
  return {
    enqueue(message, urgent) {
      queue.push(message);
      if (queue.length > maxQueued) queue = queue.slice(queue.length - maxQueued);
      persist();
      urgentWaiting ||= urgent;
      scheduleWaiting();
    },
    flush,
    flushOnExit() {
      exiting = true;
      if (queue.length === 0) return;
      // The messages stay persisted: the next page load sends them again unless acknowledged.
      const text = body(queue.slice(0, maxBatch * 2));
      if (!navigator.sendBeacon(config.endpoint, text)) {
        void fetch(config.endpoint, { method: "POST", body: text, keepalive: true }).catch(
          () => {},
        );
      }
    },
    resume() {
      exiting = false;
      scheduleWaiting();
    },
  };
}
