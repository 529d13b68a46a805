import type { ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";
import type {
  ServiceResult,
  StreamMessage,
  StreamSink,
  StreamSubscription,
} from "../use-cases/app-services.ts";
import type { HttpEnv } from "./http-env.ts";
import { serviceProblem } from "./service-problem.ts";

/** A client further behind than this is sent a snapshot once it drains, instead of every update. */
const BUFFER_BYTES = 256 * 1024;
const RETRY_MS = 2000;
const OPENING = `retry: ${RETRY_MS}\n: leadscore stream\n\n`;
const PING = Buffer.from(": ping\n\n");

export function sseFrame(message: StreamMessage): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${message.data}\n\n`;
}

// A broadcast hands the same message object to every client: encode it once for all of them.
const encoded = new WeakMap<StreamMessage, Buffer>();
function bytesOf(message: StreamMessage): Buffer {
  let bytes = encoded.get(message);
  if (bytes === undefined) {
    bytes = Buffer.from(sseFrame(message));
    encoded.set(message, bytes);
  }
  return bytes;
}

interface Channel {
  write(bytes: Buffer): void;
  ready(): boolean;
  /** Calls back when a lagging client has drained. */
  onDrain(listener: () => void): void;
  onClose(listener: () => void): void;
}

const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** Under @hono/node-server: straight onto the socket, as a bare fan-out would (no web stream per chunk). */
function nodeChannel(outgoing: ServerResponse, requestId: string): Channel {
  outgoing.writeHead(200, { ...HEADERS, "x-request-id": requestId });
  outgoing.flushHeaders();
  return {
    write: (bytes) => void outgoing.write(bytes),
    ready: () => !outgoing.destroyed && outgoing.writableLength < BUFFER_BYTES,
    onDrain: (listener) => void outgoing.on("drain", listener),
    onClose: (listener) => void outgoing.once("close", listener),
  };
}

/** Elsewhere (in-process requests in tests, other runtimes): a ReadableStream body. */
function webChannel(signal: AbortSignal): Channel & { body: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let drain = () => {};
  let closed = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start: (given) => {
        controller = given;
      },
      pull: () => drain(),
      cancel: () => closed(),
    },
    { highWaterMark: BUFFER_BYTES, size: (chunk) => chunk.byteLength },
  );
  signal.addEventListener("abort", () => closed(), { once: true });
  return {
    body,
    write: (bytes) => {
      try {
        controller.enqueue(bytes);
      } catch {
        closed();
      }
    },
    ready: () => (controller.desiredSize ?? 0) > 0,
    onDrain: (listener) => {
      drain = listener;
    },
    onClose: (listener) => {
      closed = listener;
    },
  };
}

/**
 * Answers `text/event-stream`: opens the subscription over a sink that writes SSE frames, sends a comment
 * line every `heartbeatMs`, and closes it when the client goes. A failure to open is problem+json.
 */
export function sseResponse(
  c: Context<HttpEnv>,
  heartbeatMs: number,
  open: (sink: StreamSink) => ServiceResult<StreamSubscription>,
): Response {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  const pending: Buffer[] = [Buffer.from(OPENING)];
  let channel: Channel | null = null;
  let closed = false;
  const sink: StreamSink = {
    write: (message) => {
      if (closed) return;
      if (channel === null) pending.push(bytesOf(message));
      else channel.write(bytesOf(message));
    },
    ready: () => !closed && (channel === null || channel.ready()),
  };
  // Open first, so an unknown queue or a bad limit is still an ordinary problem response.
  const opened = open(sink);
  if (!opened.ok) return serviceProblem(c, opened.error);
  const subscription = opened.value;
  const web = outgoing === undefined ? webChannel(c.req.raw.signal) : null;
  channel = web ?? nodeChannel(outgoing as ServerResponse, c.get("requestId"));
  const heartbeat = setInterval(() => channel?.write(PING), heartbeatMs);
  heartbeat.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    subscription.close();
  };
  channel.onClose(close);
  channel.onDrain(() => subscription.resync());
  for (const bytes of pending) channel.write(bytes);
  if (web === null) return RESPONSE_ALREADY_SENT;
  return new Response(web.body, {
    status: 200,
    headers: { ...HEADERS, "x-request-id": c.get("requestId") },
  });
}
