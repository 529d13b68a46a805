import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isBlockedAddress, NodeWebhookSender } from "./node-webhook-sender.ts";

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

async function listen(
  handler: (req: IncomingMessage, body: string) => [number, Record<string, string>?],
) {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const [status, headers] = handler(req, body);
      if (status === 0) return; // never answer
      res.writeHead(status, headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const request = (url: string) => ({
  url,
  headers: { "content-type": "application/json", "webhook-id": "msg_1" },
  body: '{"a":1}',
});

describe("isBlockedAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["fe80::1", true],
    ["fd12::1", true],
    ["::ffff:10.0.0.1", true],
    ["93.184.216.34", false],
    ["2606:4700::1111", false],
    ["not an ip", true],
  ])("%s → %s", (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });
});

describe("NodeWebhookSender", () => {
  it("refuses loopback and private targets, by literal address and by name", async () => {
    const url = await listen(() => [200]);
    const sender = new NodeWebhookSender();
    expect(await sender.send(request(url))).toMatchObject({ ok: false, retriable: false });
    const byName = await sender.send(request(url.replace("127.0.0.1", "localhost")));
    expect(byName).toMatchObject({
      ok: false,
      retriable: false,
      reason: expect.stringContaining("not allowed"),
    });
  });

  it("posts the body and headers, and does not follow redirects", async () => {
    const seen: { headers: IncomingMessage["headers"]; body: string }[] = [];
    const url = await listen((req, body) => {
      seen.push({ headers: req.headers, body });
      return req.url === "/moved" ? [302, { location: "http://169.254.169.254/" }] : [204];
    });
    const sender = new NodeWebhookSender({ allowPrivateAddresses: true });
    expect(await sender.send(request(`${url}/hook`))).toEqual({ ok: true, status: 204 });
    expect(seen[0]).toMatchObject({ body: '{"a":1}', headers: { "webhook-id": "msg_1" } });
    expect(await sender.send(request(`${url}/moved`))).toEqual({ ok: true, status: 302 });
    expect(seen.length).toBe(2);
  });

  it("gives up after its timeout", async () => {
    const url = await listen(() => [0]);
    const sender = new NodeWebhookSender({ allowPrivateAddresses: true, timeoutMs: 100 });
    expect(await sender.send(request(url))).toMatchObject({ ok: false, retriable: true });
  });
});
