import type { AppServices, AuthContext, IngestResult } from "../use-cases/app-services.ts";
import type { HttpMetrics } from "./http-metrics.ts";
import type { ProblemInit } from "./problem.ts";

export const MAX_EVENT_BYTES = 32 * 1024;

export type CollectOutcome =
  | { readonly ok: true; readonly result: IngestResult }
  | { readonly ok: false; readonly problem: ProblemInit };

export interface CollectRequest {
  readonly messages: readonly unknown[];
  readonly sentAt: unknown;
  readonly bodyText: string;
  /** `/batch` for batch bodies (items are `/batch/<i>`), "" for single calls. */
  readonly itemPointerPrefix: string;
  readonly auth: AuthContext;
  readonly userAgent: string | undefined;
  readonly ip: string | undefined;
}

/** Everything a collect call does once its envelope is valid; shared by the Hono route and the batch fast path. */
export async function collect(
  deps: {
    readonly services: AppServices;
    readonly metrics: HttpMetrics;
    readonly now: () => number;
  },
  request: CollectRequest,
): Promise<CollectOutcome> {
  const { messages, itemPointerPrefix } = request;
  const pointerOf = (index: number) =>
    itemPointerPrefix === "" ? "" : `${itemPointerPrefix}/${index}`;
  // An item is never larger than the body that carries it, so small bodies skip the measuring.
  const bodyBytes = Buffer.byteLength(request.bodyText);
  const itemSizesBytes =
    bodyBytes > MAX_EVENT_BYTES
      ? messages.map((message) => Buffer.byteLength(JSON.stringify(message)))
      : undefined;
  const oversize = (itemSizesBytes ?? []).flatMap((bytes, index) =>
    bytes > MAX_EVENT_BYTES ? [index] : [],
  );
  if (oversize.length > 0) {
    return {
      ok: false,
      problem: {
        status: 413,
        type: "event-too-large",
        title: "Event too large",
        detail: `Events are limited to ${MAX_EVENT_BYTES} bytes; nothing in this request was stored.`,
        errors: oversize.map((index) => ({
          pointer: pointerOf(index),
          detail: `item ${index} is ${itemSizesBytes?.[index]} bytes`,
        })),
      },
    };
  }
  const result = await deps.services.ingest.ingest({
    messages,
    sentAt: request.sentAt,
    receivedAt: deps.now(),
    auth: request.auth,
    requestContext: {
      ...(request.userAgent === undefined ? {} : { userAgent: request.userAgent }),
      ...(request.ip === undefined ? {} : { ip: request.ip }),
    },
    bodyBytes,
    ...(itemSizesBytes === undefined ? {} : { itemSizesBytes }),
  });
  deps.metrics.countIngest(result);
  if (result.accepted + result.duplicates > 0) return { ok: true, result };
  return {
    ok: false,
    problem: {
      status: 400,
      type: "all-items-rejected",
      title: "Every item was rejected",
      detail: `${result.rejected} of ${messages.length} items were rejected; see errors.`,
      errors: result.results.flatMap((item) =>
        item.error === undefined
          ? []
          : [
              {
                pointer: `${pointerOf(item.index)}${item.error.pointer}`,
                detail: item.error.detail,
              },
            ],
      ),
      extensions: { ...result },
    },
  };
}
