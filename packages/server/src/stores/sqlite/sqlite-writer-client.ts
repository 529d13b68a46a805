import type { Worker } from "node:worker_threads";
import type {
  ClaimRequest,
  ClaimRow,
  IdempotencyRecord,
  SessionRow,
  StartSessionCheck,
  StoredResponse,
} from "../../ports/store.ts";
import { StoreFailure } from "../store-failure.ts";
import type { WireResult, WireUnit } from "./sqlite-writer.ts";
import { startThread } from "./start-thread.ts";

/** What the writer thread does, besides committing units: the atomic check-and-write operations. */
export type WriterRequest = { readonly id: number } & (
  | { readonly op: "commit"; readonly unit: WireUnit }
  | {
      readonly op: "claimIdempotency";
      readonly args: [slot: string, fingerprint: string, now: number, heldUntil: number];
    }
  | {
      readonly op: "finishIdempotency";
      readonly args: [slot: string, response: StoredResponse | null, expiresAt: number];
    }
  | { readonly op: "startSession"; readonly args: [session: SessionRow, check: StartSessionCheck] }
  | { readonly op: "claimLead"; readonly args: [request: ClaimRequest] }
  | {
      readonly op: "renewClaim";
      readonly args: [claimId: string, leaseUntil: number, now: number];
    }
);

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly message: string;
      readonly code: string;
      readonly retriable: boolean;
    };

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The SQLite writer on its own thread: B-tree work, fsync and checkpoints leave the event loop,
 * which meanwhile parses the next requests. One connection writes; commits are answered in order.
 */
export class SqliteWriterClient {
  readonly #path: string;
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #waiting = new Map<number, Waiting>();
  #broken: StoreFailure | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  commit(unit: WireUnit): Promise<WireResult> {
    return this.#send({ id: this.#nextId++, op: "commit", unit }, [
      unit.events.times.buffer as ArrayBuffer,
      unit.events.lengths.buffer as ArrayBuffer,
    ]) as Promise<WireResult>;
  }

  claimIdempotency(
    ...args: [slot: string, fingerprint: string, now: number, heldUntil: number]
  ): Promise<IdempotencyRecord | null> {
    return this.#send({
      id: this.#nextId++,
      op: "claimIdempotency",
      args,
    }) as Promise<IdempotencyRecord | null>;
  }

  finishIdempotency(
    ...args: [slot: string, response: StoredResponse | null, expiresAt: number]
  ): Promise<void> {
    return this.#send({ id: this.#nextId++, op: "finishIdempotency", args }).then(() => undefined);
  }

  startSession(...args: [session: SessionRow, check: StartSessionCheck]): Promise<boolean> {
    return this.#send({ id: this.#nextId++, op: "startSession", args }) as Promise<boolean>;
  }

  claimLead(request: ClaimRequest): Promise<ClaimRow | null> {
    return this.#send({
      id: this.#nextId++,
      op: "claimLead",
      args: [request],
    }) as Promise<ClaimRow | null>;
  }

  renewClaim(claimId: string, leaseUntil: number, now: number): Promise<ClaimRow | null> {
    return this.#send({
      id: this.#nextId++,
      op: "renewClaim",
      args: [claimId, leaseUntil, now],
    }) as Promise<ClaimRow | null>;
  }

  #send(request: WriterRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.#broken !== null) return Promise.reject(this.#broken);
    const worker = this.#worker ?? this.#start();
    return new Promise((resolve, reject) => {
      this.#waiting.set(request.id, { resolve, reject });
      worker.postMessage(request, transfer);
    });
  }

  /** Let commits in flight finish, then stop the thread. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === null) return;
    this.#worker = null;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.postMessage("close");
    await exited;
  }

  #start(): Worker {
    const worker = startThread("sqlite-writer-thread.ts", { path: this.#path });
    worker.on("message", (reply: WriterReply) => {
      const waiting = this.#waiting.get(reply.id);
      if (waiting === undefined) return;
      this.#waiting.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else
        waiting.reject(
          new StoreFailure(reply.message, { code: reply.code, retriable: reply.retriable }),
        );
    });
    const fail = (cause: unknown) => {
      // Whether the commits in flight landed is unknown; later ones are refused until a restart.
      this.#broken = new StoreFailure("the SQLite writer thread stopped", {
        code: "WRITER_STOPPED",
        retriable: false,
        cause,
      });
      for (const waiting of this.#waiting.values()) waiting.reject(this.#broken);
      this.#waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.#waiting.size > 0 || (code !== 0 && this.#worker === worker)) fail(code);
    });
    this.#worker = worker;
    return worker;
  }
}
