// A lean HTTP/1.1 load generator for the ingest benchmark: keep-alive sockets writing pre-built
// requests and reading responses with a minimal parser, so the client takes little of the CPU it
// shares with the server (node:http's client costs several times more per request).
import { connect, type Socket } from "node:net";

export interface LoadResult {
  readonly latenciesMs: number[];
  readonly statuses: Map<number, number>;
  readonly elapsedS: number;
  /** True when every pre-built request was sent before the time was up. */
  readonly exhausted: boolean;
}

/** Full request bytes: request line, headers and body. */
export function buildRequest(
  host: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Buffer {
  const bodyBytes = Buffer.from(body);
  const head = [
    `POST ${path} HTTP/1.1`,
    `host: ${host}`,
    "connection: keep-alive",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${bodyBytes.length}`,
    "",
    "",
  ].join("\r\n");
  return Buffer.concat([Buffer.from(head), bodyBytes]);
}

/** Reads one response at a time off a keep-alive socket (Content-Length or chunked bodies). */
class ResponseReader {
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((status: number) => void) | null = null;
  #failed: ((error: Error) => void) | null = null;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#tryComplete();
    });
    const fail = (error: Error) => this.#failed?.(error);
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("socket closed")));
  }

  next(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#tryComplete();
    });
  }

  #tryComplete(): void {
    if (this.#waiting === null) return;
    const headEnd = this.#buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const head = this.#buffer.toString("latin1", 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end: number;
    if (length !== null) {
      end = headEnd + 4 + Number(length[1]);
      if (this.#buffer.length < end) return;
    } else {
      // Chunked: walk chunk sizes until the zero-length chunk.
      let at = headEnd + 4;
      for (;;) {
        const lineEnd = this.#buffer.indexOf("\r\n", at);
        if (lineEnd < 0) return;
        const size = Number.parseInt(this.#buffer.toString("latin1", at, lineEnd), 16);
        at = lineEnd + 2 + size + 2;
        if (this.#buffer.length < at) return;
        if (size === 0) break;
      }
      end = at;
    }
    this.#buffer = this.#buffer.subarray(end);
    const resolve = this.#waiting;
    this.#waiting = null;
    this.#failed = null;
    resolve(status);
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, noDelay: true }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Send `requests` over `connections` keep-alive sockets, one in flight per socket, until done or timed out. */
export async function runLoad(options: {
  readonly port: number;
  readonly connections: number;
  readonly requests: readonly Buffer[];
  readonly seconds: number;
}): Promise<LoadResult> {
  const sockets = await Promise.all(
    Array.from({ length: options.connections }, () => open(options.port)),
  );
  const latenciesMs: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const startedAt = performance.now();
  const endAt = startedAt + options.seconds * 1000;
  await Promise.all(
    sockets.map(async (socket) => {
      const reader = new ResponseReader(socket);
      while (performance.now() < endAt && next < options.requests.length) {
        const request = options.requests[next++] as Buffer;
        const t0 = performance.now();
        socket.write(request);
        const status = await reader.next();
        latenciesMs.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const elapsedS = (performance.now() - startedAt) / 1000;
  for (const socket of sockets) socket.destroy();
  return { latenciesMs, statuses, elapsedS, exhausted: next >= options.requests.length };
}

export function percentileMs(sorted: readonly number[], p: number): number {
  return Number(
    (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2),
  );
}
