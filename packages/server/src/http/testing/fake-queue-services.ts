import type { QueueService, StreamTokenService } from "../../use-cases/app-services.ts";

const missing = (what: string) =>
  ({ ok: false, error: { code: "not_found", detail: `${what} not found` } }) as const;

/** Queues over the fake services: none exist. Queue routes are tested over the real services instead. */
export function createFakeQueueServices(): {
  queues: QueueService;
  streamTokens: StreamTokenService;
} {
  return {
    queues: {
      list: async () => [],
      definition: async (id) => missing(`queue ${id}`),
      put: async (input) => missing(`model of queue ${input.id}`),
      remove: async (id) => missing(`queue ${id}`),
      top: async (id) => missing(`queue ${id}`),
      claim: async (input) => missing(`queue ${input.queueId}`),
      renew: async (queueId) => missing(`queue ${queueId}`),
      release: async (queueId) => missing(`queue ${queueId}`),
      recordOutcome: async (input) => missing(`queue ${input.queueId}`),
      exportCsv: async (id) => missing(`queue ${id}`),
      sendAudience: async (input) => missing(`queue ${input.queueId}`),
      watch: (id) => missing(`queue ${id}`),
      watchLead: (leadId) => missing(`lead ${leadId}`),
    },
    streamTokens: {
      issue: async () => ({ token: "st_fake.fake", expiresAt: 0 }),
      verify: async () => null,
    },
  };
}
