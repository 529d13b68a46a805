import { createHmac, randomUUID } from "node:crypto";
import type { WebhookSender } from "../../ports/webhook-sender.ts";
import type { AudienceDelivery, QueueEntry, ServiceError, ServiceResult } from "../app-services.ts";
import { invalid, ok } from "../lead-views.ts";
import type { ServiceState } from "../service-state.ts";

const CSV_COLUMNS = [
  "rank",
  "leadId",
  "userId",
  "email",
  "name",
  "company",
  "score",
  "band",
  "stage",
  "grade",
  "presentNow",
  "lastActivityAt",
  "reason",
] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet; a quote mark keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The queue's order as CSV, one lead per row, ranked from 1 (S16 audiences). */
export function queueCsv(entries: readonly QueueEntry[]): string {
  const rows = entries.map((entry, i) =>
    CSV_COLUMNS.map((column) => {
      if (column === "rank") return csvCell(i + 1);
      if (column === "lastActivityAt")
        return csvCell(
          entry.lastActivityAt === null ? null : new Date(entry.lastActivityAt).toISOString(),
        );
      return csvCell(entry[column]);
    }).join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}

/** Standard Webhooks v1: base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the secret's bytes. */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

const upstream = (detail: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code: "upstream_failed", detail },
});

/** POSTs the audience to `url`, signed with the endpoint's `whsec_…` secret (the receiver holds it too). */
export async function sendAudience(
  sender: WebhookSender,
  state: ServiceState,
  input: {
    queueId: string;
    version: number;
    url: string;
    secret: string;
    entries: readonly QueueEntry[];
  },
): Promise<ServiceResult<AudienceDelivery>> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return invalid("/url", "not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return invalid("/url", "only http and https URLs");
  if (url.username !== "" || url.password !== "")
    return invalid("/url", "credentials in the URL are not allowed");
  if (!/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(input.secret))
    return invalid("/secret", "a signing secret is whsec_ and base64 (at least 12 bytes)");
  const secret = input.secret;
  const id = `msg_${randomUUID().replaceAll("-", "")}`;
  const at = state.now();
  const timestamp = Math.floor(at / 1000);
  const body = JSON.stringify({
    type: "audience.exported",
    timestamp: new Date(at).toISOString(),
    data: {
      queue: input.queueId,
      version: input.version,
      count: input.entries.length,
      leads: input.entries,
    },
  });
  const result = await sender.send({
    url: url.toString(),
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signWebhook(secret, id, timestamp, body),
    },
  });
  if (!result.ok) return upstream(`the webhook was not delivered: ${result.reason}`);
  if (result.status < 200 || result.status >= 300)
    return upstream(`the webhook answered ${result.status}`);
  return ok({
    url: url.toString(),
    status: result.status,
    leads: input.entries.length,
    webhookId: id,
  });
}
