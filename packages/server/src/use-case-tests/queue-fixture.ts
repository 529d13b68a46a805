import type { AppServices, QueueEntry } from "../use-cases/app-services.ts";

/** A model where traits alone set the score (high 60, medium 30) and only a demo request is high intent. */
export function callsModel(presence = "30s"): string {
  return `id: calls
name: Calls
fit:
  - { id: high-tier, when: { trait: tier, eq: high }, points: 60 }
  - { id: medium-tier, when: { trait: tier, eq: medium }, points: 30 }
engagement:
  - { id: interested, when: { event: call.interested }, points: 10 }
  - { id: not-interested, when: { event: call.not_interested }, points: -15 }
stages:
  - { stage: sql, when: { event: call.qualified } }
grading: { presence: ${presence}, highIntent: [demo.requested] }
`;
}

export const CALLERS_QUEUE = "id: callers\nname: Callers\nmodel: calls\n";

/** `high` high-tier leads (h0…) and `medium` medium-tier leads (m0…), identified at `at`. */
export function callerMessages(counts: { high: number; medium: number }, at: number): unknown[] {
  const lead = (prefix: string, tier: string, i: number) => ({
    type: "identify",
    messageId: `seed-${prefix}${i}`,
    userId: `${prefix}${i}`,
    traits: {
      tier,
      name: `${tier} ${i}`,
      email: `${prefix}${i}@calls.example`,
      phone: "+34 600 000 000",
    },
    timestamp: new Date(at).toISOString(),
  });
  return [
    ...Array.from({ length: counts.high }, (_, i) => lead("h", "high", i)),
    ...Array.from({ length: counts.medium }, (_, i) => lead("m", "medium", i)),
  ];
}

export async function publishCallers(services: AppServices, presence = "30s"): Promise<void> {
  const model = await services.models.put({
    id: "calls",
    source: { text: callsModel(presence), format: "yaml" },
    retroactive: false,
  });
  if (!model.ok) throw new Error(model.error.detail);
  const queue = await services.queues.put({
    id: "callers",
    source: { text: CALLERS_QUEUE, format: "yaml" },
  });
  if (!queue.ok) throw new Error(JSON.stringify(queue.error));
}

export async function topOf(services: AppServices, limit = 50): Promise<QueueEntry[]> {
  const page = await services.queues.top("callers", limit);
  if (!page.ok) throw new Error(page.error.detail);
  return [...page.value.data];
}

export const userIds = (entries: readonly QueueEntry[]) => entries.map((e) => e.userId);
