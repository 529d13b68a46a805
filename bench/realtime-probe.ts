// bench/realtime.ts, part 3: the measuring client, in a process of its own so that the background load (and
// node:http's client parser) add nothing to what it measures. It holds `streams` raw TCP Server-Sent Events
// clients, prints "ready", waits for "go" on stdin, then sends one probe at a time and times, per client, the
// first chunk that carries the probe's marker. Prints "result <json>" and exits.
//   mode "queue":  a probe is a page view of vip<N> (POST /v1/batch); its marker is `"userId":"vip<N>"`.
//   mode "fanout": a probe is POST /fire?id=<N> to bench/sse-fanout-server.ts; its marker is `id: <N>\n`.

import { Agent, request } from "node:http";
import { connect, type Socket } from "node:net";

export interface ProbeConfig {
  readonly mode: "queue" | "fanout";
  readonly port: number;
  readonly path: string;
  readonly key: string | null;
  readonly streams: number;
  readonly probes: number;
  readonly seconds: number;
  readonly everyMs: number;
}

export interface ProbeResult {
  /** One per probe per client: from just before the probe's request left to the client reading it. */
  readonly latenciesMs: number[];
  /** The probe's own HTTP answer. */
  readonly ackMs: number[];
  readonly probes: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as ProbeConfig;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function openStream(onText: (text: string, at: number) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(config.port, "127.0.0.1");
    const auth = config.key === null ? "" : `authorization: Bearer ${config.key}\r\n`;
    socket.setNoDelay(true);
    socket.setEncoding("latin1");
    let opened = false;
    socket.on("data", (text: string) => {
      const at = performance.now();
      if (!opened) {
        if (!text.startsWith("HTTP/1.1 200")) reject(new Error(text.slice(0, 200)));
        opened = true;
        resolve(socket);
      }
      onText(text, at);
    });
    socket.on("error", reject);
    socket.write(
      `GET ${config.path} HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\n${auth}\r\n`,
    );
  });
}

function post(path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: config.port,
        path,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(config.key === null ? {} : { authorization: `Bearer ${config.key}` }),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

let probe: { marker: string; t0: number; seen: Uint8Array } | null = null;
const latenciesMs: number[] = [];
// A marker may straddle two reads: each client keeps the end of its previous read.
const tails: string[] = [];
const sockets = await Promise.all(
  Array.from({ length: config.streams }, (_, client) =>
    openStream((text, at) => {
      const current = probe;
      const tail = tails[client] ?? "";
      tails[client] = text.slice(-64);
      if (current === null || current.seen[client] === 1) return;
      if (!text.includes(current.marker) && !(tail + text).includes(current.marker)) return;
      current.seen[client] = 1;
      latenciesMs.push(at - current.t0);
    }),
  ),
);
console.log("ready");
await new Promise<void>((resolve) =>
  process.stdin.on("data", (chunk: Buffer) => chunk.toString().includes("go") && resolve()),
);

const ackMs: number[] = [];
const startedAt = performance.now();
let sent = 0;
while (sent < config.probes && performance.now() - startedAt < config.seconds * 1000) {
  const n = sent++;
  const marker = config.mode === "queue" ? `"userId":"vip${n}"` : `id: ${n}\n`;
  const t0 = performance.now();
  probe = { marker, t0, seen: new Uint8Array(config.streams) };
  const status =
    config.mode === "queue"
      ? await post(
          "/v1/batch",
          JSON.stringify({
            batch: [{ type: "page", userId: `vip${n}`, properties: { url: "/pricing" } }],
          }),
        )
      : await post(`/fire?id=${n}`, "");
  if (status >= 300) throw new Error(`probe answered ${status}`);
  ackMs.push(performance.now() - t0);
  await new Promise((resolve) => setTimeout(resolve, config.everyMs));
}
await new Promise((resolve) => setTimeout(resolve, 200));
for (const socket of sockets) socket.destroy();
agent.destroy();
const result: ProbeResult = { latenciesMs, ackMs, probes: sent };
console.log(`result ${JSON.stringify(result)}`);
process.stdin.destroy();
