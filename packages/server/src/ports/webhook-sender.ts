// Outbound webhooks (audiences now, lead events later): the use case signs, the adapter delivers.

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type WebhookResult =
  | { readonly ok: true; readonly status: number }
  /** `retriable`: a later attempt may succeed (timeout, 5xx, refused connection); not for a refused address. */
  | {
      readonly ok: false;
      readonly reason: string;
      readonly retriable: boolean;
      readonly status?: number;
    };

export interface WebhookSender {
  /** One POST: no redirects followed, a timeout, private and link-local addresses refused. */
  send(request: WebhookRequest): Promise<WebhookResult>;
}
