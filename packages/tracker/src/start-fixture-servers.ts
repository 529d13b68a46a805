import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TrackerMessage } from "./browser/types.ts";

// Test-only: a site serving pages with the snippet and a collect endpoint that records what arrives.

export type CollectRequest = {
  method: string;
  path: string;
  contentType: string | undefined;
  origin: string | undefined;
  /** `no-cors` for navigator.sendBeacon with a text body, `cors` for fetch. */
  fetchMode: string | undefined;
  status: number;
  receivedAt: number;
  writeKey: string | undefined;
  sentAt: string | undefined;
  batch: TrackerMessage[];
};

export type FixtureServers = {
  siteOrigin: string;
  collectOrigin: string;
  requests: CollectRequest[];
  messages(filter?: (message: TrackerMessage) => boolean): TrackerMessage[];
  setCollectStatus(status: number): void;
  setPage(path: string, html: string): void;
  close(): Promise<void>;
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFixtureServers(trackerCode: string): Promise<FixtureServers> {
  const requests: CollectRequest[] = [];
  const pages = new Map<string, string>([["/blank", "<!doctype html><title>Blank</title>"]]);
  let collectStatus = 200;

  const site = createServer((request, response) => {
    const html = pages.get(new URL(request.url ?? "/", "http://x").pathname);
    response.writeHead(html === undefined ? 404 : 200, { "content-type": "text/html" });
    response.end(html ?? "not found");
  });

  const collect = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const path = new URL(request.url ?? "/", "http://x").pathname;
      if (request.method === "GET" && path === "/t.js") {
        response.writeHead(200, { "content-type": "text/javascript" });
        response.end(trackerCode);
        return;
      }
      const text = await readBody(request);
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const status = request.method === "POST" ? collectStatus : 204;
      requests.push({
        method: request.method ?? "",
        path,
        contentType: request.headers["content-type"],
        origin: request.headers.origin,
        fetchMode: request.headers["sec-fetch-mode"] as string | undefined,
        status,
        receivedAt: Date.now(),
        writeKey: parsed.writeKey as string | undefined,
        sentAt: parsed.sentAt as string | undefined,
        batch: (parsed.batch as TrackerMessage[] | undefined) ?? [],
      });
      response.writeHead(status, {
        "access-control-allow-origin": request.headers.origin ?? "*",
        vary: "Origin",
        "content-type": "application/json",
      });
      response.end(JSON.stringify({ accepted: status === 200 ? parsed.batch : [] }));
    })();
  });

  const [siteOrigin, collectOrigin] = await Promise.all([listen(site), listen(collect)]);
  return {
    siteOrigin,
    collectOrigin,
    requests,
    messages: (filter = () => true) => requests.flatMap((request) => request.batch).filter(filter),
    setCollectStatus: (status) => {
      collectStatus = status;
    },
    setPage: (path, html) => pages.set(path, html),
    close: async () => {
      site.closeAllConnections();
      collect.closeAllConnections();
      await Promise.all(
        [site, collect].map((server) => new Promise((resolve) => server.close(resolve))),
      );
    },
  };
}

/** The documented stub, then `calls` (script source), then the async tag of /t.js. */
export function snippetPage(
  collectOrigin: string,
  calls: string,
  scriptAttributes = "",
  title = "Pricing",
): string {
  return `<!doctype html><html><head><title>${title}</title><script>
window.leadscore = window.leadscore || [];
["load", "page", "track", "identify", "alias", "reset"].forEach(function (m) {
  leadscore[m] = leadscore[m] || function () { leadscore.push([m].concat([].slice.call(arguments))); };
});
${calls}
</script><script async src="${collectOrigin}/t.js" ${scriptAttributes}></script></head><body>Hi</body></html>`;
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
