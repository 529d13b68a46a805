import type { App } from "../../../server/src/composition-root.ts";
import type { LeadSummary } from "../../../server/src/use-cases/app-services.ts";
import type { QueueEntry } from "../api/api-types.ts";

// A stand-in for the queue endpoints (/v1/queues…) until the realtime work lands them on the real
// server; it sits in front of the real app, signs requests in through the real sessions and lists
// real leads. Everything else the queue page needs (sign-in, leads) is the real server.

export interface RecordedQueueCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export interface StubQueueApi {
  readonly calls: RecordedQueueCall[];
  /** The hot leads the queue starts with. */
  initial(): Promise<QueueEntry[]>;
  /** Sends an `update` event with this list to every open stream. */
  push(entries: readonly QueueEntry[]): void;
  intercept(request: Request): Promise<Response | null>;
  close(): void;
}

const MODEL = "saas-main";

export function queueEntryOf(lead: LeadSummary, reason: string): QueueEntry {
  const standing = lead.models[MODEL];
  return {
    leadId: lead.id,
    userId: lead.userId,
    name: lead.name,
    email: lead.email,
    company: lead.company,
    score: standing?.score ?? 0,
    band: standing?.band ?? "cold",
    grade: standing?.grade ?? null,
    lastActivityAt: lead.lastActivityAt,
    reason,
  };
}

function sessionToken(request: Request): string | null {
  const cookie = request.headers.get("cookie") ?? "";
  return /(?:^|;\s*)leadscore_session=([^;]+)/.exec(cookie)?.[1] ?? null;
}

export function createStubQueueApi(app: App): StubQueueApi {
  const calls: RecordedQueueCall[] = [];
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();

  async function initial(): Promise<QueueEntry[]> {
    return (await hotLeadsOf(app))
      .slice(0, 3)
      .map((l) => queueEntryOf(l, "Viewed pricing twice today"));
  }

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
    });

  async function intercept(request: Request): Promise<Response | null> {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith("/v1/queues")) return null;
    const token = sessionToken(request);
    const signedIn = token !== null && (await app.services.sessions.authenticate(token)) !== null;
    if (!signedIn) return json({ title: "Not signed in", status: 401, errors: [] }, 401);
    const body = request.method === "POST" ? await request.json() : undefined;
    calls.push({ method: request.method, path: pathname, body });
    if (pathname === "/v1/queues") {
      return json({ data: [{ id: "sales", name: "Sales — hot leads" }], has_more: false });
    }
    if (pathname === "/v1/queues/sales") return json({ data: await initial(), has_more: false });
    if (pathname === "/v1/queues/sales/stream") {
      const snapshot = await initial();
      let own: ReadableStreamDefaultController<Uint8Array> | undefined;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          own = controller;
          streams.add(controller);
          const data = JSON.stringify({ data: snapshot });
          controller.enqueue(encoder.encode(`event: snapshot\ndata: ${data}\n\n`));
        },
        cancel() {
          if (own !== undefined) streams.delete(own);
        },
      });
      return new Response(stream, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }
    if (pathname === "/v1/queues/sales/claim") {
      const first = (await initial())[0];
      return first === undefined
        ? json({ title: "Queue empty", status: 404, errors: [] }, 404)
        : json({ lead: first, leaseUntil: new Date(Date.now() + 900_000).toISOString() });
    }
    if (pathname === "/v1/queues/sales/outcome") return json({ ok: true });
    return json({ title: "No such route", status: 404, errors: [] }, 404);
  }

  return {
    calls,
    initial,
    push(entries) {
      const data = JSON.stringify({ data: entries });
      for (const stream of streams)
        stream.enqueue(encoder.encode(`event: update\ndata: ${data}\n\n`));
    },
    intercept,
    close() {
      for (const stream of streams) {
        try {
          stream.close();
        } catch {
          // already closed by the browser
        }
      }
      streams.clear();
    },
  };
}

export async function hotLeadsOf(app: App): Promise<LeadSummary[]> {
  const page = await app.services.leads.list({ model: MODEL, band: "hot", limit: 10 });
  return page.ok ? [...page.value.data].filter((lead) => lead.name !== null) : [];
}
