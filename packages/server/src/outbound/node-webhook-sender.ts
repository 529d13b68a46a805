import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";
import type { WebhookRequest, WebhookResult, WebhookSender } from "../ports/webhook-sender.ts";

/** Addresses a webhook may never reach (SSRF): private, loopback, link-local, shared, multicast, reserved. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv6");

export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return BLOCKED.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface NodeWebhookSenderOptions {
  /** Whole request, connect to last byte (default 10 s). */
  readonly timeoutMs?: number;
  /** Tests only: let deliveries reach this machine. */
  readonly allowPrivateAddresses?: boolean;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Delivers webhooks with node:http(s): the address is checked after DNS resolution (in `lookup`, so a name
 * cannot resolve to a private address between the check and the connection), redirects are not followed.
 */
export class NodeWebhookSender implements WebhookSender {
  readonly #timeoutMs: number;
  readonly #allowPrivate: boolean;

  constructor(options: NodeWebhookSenderOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#allowPrivate = options.allowPrivateAddresses ?? false;
  }

  send(request: WebhookRequest): Promise<WebhookResult> {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (!this.#allowPrivate && isIP(host) !== 0 && isBlockedAddress(host)) {
      return Promise.resolve({
        ok: false,
        reason: `address ${host} is not allowed`,
        retriable: false,
      });
    }
    const allowPrivate = this.#allowPrivate;
    let refused: string | null = null;
    const lookup: RequestOptions["lookup"] = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error !== null) return callback(error, "", 4);
        const list = addresses as unknown as LookupAddress[];
        const bad = allowPrivate ? undefined : list.find((a) => isBlockedAddress(a.address));
        if (bad !== undefined) {
          refused = `${hostname} resolves to ${bad.address}, which is not allowed`;
          return callback(new Error(refused), "", 4);
        }
        if (options.all === true)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
        const first = list[0];
        return callback(null, first?.address ?? "", first?.family ?? 4);
      });
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(
        url,
        {
          method: "POST",
          headers: { ...request.headers, "content-length": Buffer.byteLength(request.body) },
          lookup,
          timeout: this.#timeoutMs,
          signal: AbortSignal.timeout(this.#timeoutMs),
        },
        (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > MAX_RESPONSE_BYTES) res.destroy();
          });
          res.on("close", () => resolve({ ok: true, status: res.statusCode ?? 0 }));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", (error) =>
        resolve(
          refused === null
            ? { ok: false, reason: error.message, retriable: true }
            : { ok: false, reason: refused, retriable: false },
        ),
      );
      req.end(request.body);
    });
  }
}
