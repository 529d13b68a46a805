import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import type { QueueEntry, StageChange } from "../api/api-types.ts";
import {
  buildExplanation,
  buildHistory,
  buildLead,
  buildLeads,
  queueEntryOf,
  toLeadSummary,
} from "./stub-data.ts";

// Serves a built dashboard plus a stand-in for the /v1 API (contract shapes, sample data), so the
// browser tests run before, and independently of, the real server. Not used in production.

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface StubServer {
  readonly origin: string;
  readonly calls: RecordedCall[];
  /** Sends an `update` event with this list to every open queue stream. */
  pushQueue(entries: readonly QueueEntry[]): void;
  close(): Promise<void>;
}

const PASSWORD = "correct horse";
const SESSION_COOKIE = "stub_session=1";
const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
};

export const STUB_USER = { email: "ana@example.com", role: "admin" } as const;
export const STUB_PASSWORD = PASSWORD;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": status >= 400 ? "application/problem+json" : "application/json",
  });
  response.end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, title: string, errors = []): void {
  json(response, status, { type: "about:blank", title, status, id: `prb_${status}`, errors });
}

export async function startStubServer(distDir: string): Promise<StubServer> {
  const leads = buildLeads(120);
  const manualStages = new Map<string, StageChange[]>();
  const streams = new Set<ServerResponse>();
  const calls: RecordedCall[] = [];
  const queue = () =>
    leads
      .filter((lead) => lead.band === "hot")
      .slice(0, 3)
      .map((lead) => queueEntryOf(lead, "Viewed pricing twice today"));

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? "GET";
    const body = method === "GET" ? undefined : await readBody(request);
    calls.push({ method, path: url.pathname, query: url.searchParams, body });
    const path = url.pathname;
    const signedIn = (request.headers.cookie ?? "").includes(SESSION_COOKIE);

    if (path === "/v1/session") {
      if (method === "POST") {
        const credentials = body as { email?: string; password?: string };
        if (credentials.password !== PASSWORD) return problem(response, 401, "Invalid credentials");
        response.setHeader("set-cookie", `${SESSION_COOKIE}; Path=/; HttpOnly; SameSite=Lax`);
        return json(response, 200, { user: STUB_USER });
      }
      if (method === "DELETE") {
        response.setHeader("set-cookie", `${SESSION_COOKIE}; Path=/; Max-Age=0`);
        return json(response, 200, {});
      }
      return signedIn
        ? json(response, 200, { user: STUB_USER })
        : problem(response, 401, "Not signed in");
    }
    if (!signedIn) return problem(response, 401, "Not signed in");

    if (path === "/v1/models") {
      return json(response, 200, { data: [{ id: "b2b" }, { id: "product-led" }], has_more: false });
    }
    if (path === "/v1/leads") {
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      const matching = leads.filter(
        (lead) =>
          (q === "" || `${lead.name} ${lead.email} ${lead.company}`.toLowerCase().includes(q)) &&
          ["stage", "grade"].every((key) => {
            const wanted = url.searchParams.get(key);
            return wanted === null || lead[key as "stage" | "grade"] === wanted;
          }),
      );
      const counts: Record<string, number> = { hot: 0, warm: 0, cold: 0 };
      for (const lead of matching)
        counts[lead.band ?? "cold"] = (counts[lead.band ?? "cold"] ?? 0) + 1;
      const band = url.searchParams.get("band");
      const sorted = matching
        .filter((lead) => band === null || lead.band === band)
        .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      const after = url.searchParams.get("starting_after");
      const start = after === null ? 0 : sorted.findIndex((lead) => lead.id === after) + 1;
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const data = sorted.slice(start, start + limit).map(toLeadSummary);
      const hasMore = start + limit < sorted.length;
      return json(response, 200, {
        data,
        has_more: hasMore,
        next_cursor: hasMore ? (data.at(-1)?.id ?? null) : null,
        counts: { bands: counts },
      });
    }
    const leadRoute = /^\/v1\/leads\/([^/]+)(?:\/(explanation|history|stage|feedback))?$/.exec(
      path,
    );
    if (leadRoute !== null) {
      const summary = leads.find((lead) => lead.id === decodeURIComponent(leadRoute[1] ?? ""));
      if (summary === undefined) return problem(response, 404, "Lead not found");
      const model = url.searchParams.get("model") ?? "b2b";
      const score = model === "b2b" ? (summary.score ?? 0) : 12;
      switch (leadRoute[2]) {
        case undefined:
          return json(response, 200, buildLead(summary, manualStages.get(summary.id) ?? []));
        case "explanation":
          return json(response, 200, buildExplanation(model, score));
        case "history":
          return json(response, 200, {
            data: buildHistory(score),
            has_more: false,
            next_cursor: null,
          });
        case "stage": {
          const change = body as { action: string; reason: string };
          const list = manualStages.get(summary.id) ?? [];
          const from = list.at(-1)?.stage ?? summary.stage ?? "lead";
          const stage =
            change.action === "accept"
              ? "sql"
              : change.action === "reject"
                ? "disqualified"
                : change.action === "won"
                  ? "customer"
                  : change.action;
          list.push({
            stage,
            from,
            at: new Date().toISOString(),
            cause: "manual",
            reason: change.reason,
          });
          manualStages.set(summary.id, list);
          return json(response, 200, { stage });
        }
        default:
          return json(response, 200, { ok: true });
      }
    }
    if (path === "/v1/queues") {
      return json(response, 200, {
        data: [{ id: "sales", name: "Sales — hot leads" }],
        has_more: false,
      });
    }
    if (path === "/v1/queues/sales") return json(response, 200, { data: queue(), has_more: false });
    if (path === "/v1/queues/sales/stream") {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.write(`event: snapshot\ndata: ${JSON.stringify({ data: queue() })}\n\n`);
      streams.add(response);
      request.on("close", () => streams.delete(response));
      return;
    }
    if (path === "/v1/queues/sales/claim") {
      const first = queue()[0];
      return first === undefined
        ? problem(response, 404, "Queue empty")
        : json(response, 200, {
            lead: first,
            leaseUntil: new Date(Date.now() + 900_000).toISOString(),
          });
    }
    if (path === "/v1/queues/sales/outcome") return json(response, 200, { ok: true });
    return problem(response, 404, "No such route");
  }

  async function serveFile(response: ServerResponse, pathname: string): Promise<void> {
    const relative = normalize(pathname).replace(/^(\.\.[/\\])+/, "");
    const isAsset = extname(relative) !== "";
    const file = join(distDir, isAsset ? relative : "index.html");
    try {
      const content = await readFile(file);
      response.writeHead(200, {
        "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      });
      response.end(content);
    } catch {
      response.writeHead(404).end();
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://stub");
    const handled = url.pathname.startsWith("/v1/")
      ? api(request, response, url)
      : serveFile(response, url.pathname);
    handled.catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    pushQueue(entries) {
      for (const stream of streams) {
        stream.write(`event: update\ndata: ${JSON.stringify({ data: entries })}\n\n`);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
