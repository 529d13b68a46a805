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

const encoder = new TextEncoder();

export function sseFrame(message: StreamMessage): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${message.data}\n\n`;
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
  let subscription: StreamSubscription | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (heartbeat !== null) clearInterval(heartbeat);
    subscription?.close();
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>(
    {
      start(given) {
        controller = given;
      },
      pull() {
        subscription?.resync();
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: BUFFER_BYTES, size: (chunk) => chunk.byteLength },
  );
  const send = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  send(`retry: ${RETRY_MS}\n: leadscore stream\n\n`);
  const sink: StreamSink = {
    write: (message) => send(sseFrame(message)),
    ready: () => !closed && (controller.desiredSize ?? 0) > 0,
  };
  const opened = open(sink);
  if (!opened.ok) {
    closed = true;
    controller.close();
    return serviceProblem(c, opened.error);
  }
  subscription = opened.value;
  heartbeat = setInterval(() => send(": ping\n\n"), heartbeatMs);
  heartbeat.unref();
  c.req.raw.signal.addEventListener("abort", close, { once: true });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-request-id": c.get("requestId"),
    },
  });
}
