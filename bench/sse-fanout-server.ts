// The baseline for bench/realtime.ts: a bare Server-Sent Events fan-out with node:http and nothing else.
// GET /stream holds a client; POST /fire?id=N writes one event to every client. Prints "listening" when ready.
import { createServer, type ServerResponse } from "node:http";

const port = Number(process.argv[2] ?? 38101);
const clients = new Set<ServerResponse>();
// About the size of a queue update that moves one lead to the top of 50.
const padding = "x".repeat(900);

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://x");
  if (request.method === "GET" && url.pathname === "/stream") {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.write(": open\n\n");
    clients.add(response);
    request.on("close", () => clients.delete(response));
    return;
  }
  if (request.method === "POST" && url.pathname === "/fire") {
    const id = url.searchParams.get("id") ?? "0";
    const frame = `id: ${id}\nevent: update\ndata: {"probe":"${id}","padding":"${padding}"}\n\n`;
    for (const client of clients) client.write(frame);
    response.writeHead(204).end();
    return;
  }
  response.writeHead(404).end();
});
server.listen(port, "127.0.0.1", () => console.log("listening"));
process.on("SIGTERM", () => {
  for (const client of clients) client.destroy();
  server.close(() => process.exit(0));
});
