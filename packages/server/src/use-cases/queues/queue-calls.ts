// Claims, leases and outcomes: the agent's side of a queue.
import type { ClaimRow } from "../../ports/store.ts";
import type {
  AuthContext,
  Claim,
  IngestService,
  OutcomeInput,
  OutcomeReport,
  ServiceError,
  ServiceResult,
} from "../app-services.ts";
import { invalid, notFound, ok } from "../lead-views.ts";
import { outcomeEventName } from "../outcome-events.ts";
import type { ServiceState } from "../service-state.ts";
import type { QueueIndex } from "./queue-index.ts";
import type { QueueRegistry } from "./queue-registry.ts";

/** Candidates offered to the store per claim attempt; more only when other processes hold them all. */
const CLAIM_BATCH = 16;
const MAX_CLAIM_ATTEMPTS = 8;
const MAX_CALLBACK_AHEAD_MS = 366 * 86_400_000;

const conflict = (detail: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code: "conflict", detail },
});

export class QueueCalls {
  readonly #state: ServiceState;
  readonly #registry: QueueRegistry;
  readonly #ingest: IngestService;

  constructor(state: ServiceState, registry: QueueRegistry, ingest: IngestService) {
    this.#state = state;
    this.#registry = registry;
    this.#ingest = ingest;
  }

  #claimOf(index: QueueIndex, row: ClaimRow): Claim | null {
    const lead = this.#registry.entry(index, row.leadId);
    if (lead === null) return null;
    return {
      claimId: row.id,
      queue: row.queueId,
      agentId: row.agentId,
      claimedAt: row.claimedAt,
      leaseUntil: row.leaseUntil,
      lead,
    };
  }

  /** The first lead of the queue that nobody holds, with a lease; atomic in the store. */
  async claim(queueId: string, agentId: string): Promise<ServiceResult<Claim>> {
    const state = this.#state;
    const index = this.#registry.indexes.get(queueId);
    if (index === undefined) return notFound(`queue ${queueId}`);
    const now = state.now();
    state.advanceTime(now);
    let candidates = index.ids(CLAIM_BATCH);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS && candidates.length > 0; attempt++) {
      const row = await state.store.claimLead({
        claimId: state.newId("clm"),
        queueId,
        agentId,
        candidates,
        now,
        leaseUntil: now + index.definition.leaseMs,
      });
      if (row !== null) {
        const claim = this.#claimOf(index, row);
        this.#registry.holdClaim(row);
        if (claim !== null) return ok(claim);
      }
      const last = candidates.at(-1);
      candidates = last === undefined ? [] : index.idsAfter(last, CLAIM_BATCH);
    }
    return conflict(`queue ${queueId} has no lead to claim right now`);
  }

  async renew(queueId: string, claimId: string): Promise<ServiceResult<Claim>> {
    const state = this.#state;
    const index = this.#registry.indexes.get(queueId);
    if (index === undefined) return notFound(`queue ${queueId}`);
    const now = state.now();
    const row = await state.store.renewClaim(claimId, now + index.definition.leaseMs, now);
    if (row === null || row.queueId !== queueId) return notFound(`claim ${claimId}`);
    this.#registry.holdClaim(row);
    const claim = this.#claimOf(index, row);
    return claim === null ? notFound(`claim ${claimId}`) : ok(claim);
  }

  async release(queueId: string, claimId: string): Promise<ServiceResult<{ claimId: string }>> {
    const state = this.#state;
    if (!this.#registry.indexes.has(queueId)) return notFound(`queue ${queueId}`);
    const held =
      this.#registry.claimById(claimId) ??
      (await state.store.activeClaims(state.now())).find((c) => c.id === claimId) ??
      null;
    if (held === null || held.queueId !== queueId) return notFound(`claim ${claimId}`);
    await state.commit({ releaseClaims: [claimId] });
    this.#registry.releaseClaim(claimId);
    return ok({ claimId });
  }

  /** The outcome goes through ingest as the event `call.<outcome>`: deduped, durable, scored. */
  async recordOutcome(input: OutcomeInput): Promise<ServiceResult<OutcomeReport>> {
    const state = this.#state;
    if (!this.#registry.indexes.has(input.queueId)) return notFound(`queue ${input.queueId}`);
    const lead = state.findLead(input.leadId);
    if (lead === null) return notFound(`lead ${input.leadId}`);
    const now = state.now();
    if (input.outcome === "call_back") {
      const at = input.callbackAt;
      if (at === undefined) return invalid("/callbackAt", "call_back needs callbackAt");
      if (at <= now || at > now + MAX_CALLBACK_AHEAD_MS)
        return invalid("/callbackAt", "callbackAt must be in the future, within a year");
    } else if (input.callbackAt !== undefined) {
      return invalid("/callbackAt", "only call_back takes callbackAt");
    }
    const claim =
      input.claimId === undefined
        ? (this.#registry.claims.get(lead.id) ?? null)
        : this.#registry.claimById(input.claimId);
    if (input.claimId !== undefined && claim?.leadId !== lead.id)
      return invalid("/claimId", "no unexpired claim with this id on this lead");
    const event = outcomeEventName(input.outcome);
    const messageId = input.messageId ?? state.newId("msg");
    const result = await this.#ingest.ingest({
      messages: [
        {
          type: "track",
          event,
          messageId,
          ...this.#identity(lead.id, lead.userId),
          timestamp: new Date(now).toISOString(),
          properties: {
            outcome: input.outcome,
            queue: input.queueId,
            agentId: input.agentId,
            ...(input.note === undefined ? {} : { note: input.note }),
            ...(input.callbackAt === undefined ? {} : { callbackAt: input.callbackAt }),
            ...(claim === null ? {} : { claimId: claim.id }),
          },
        },
      ],
      receivedAt: now,
      ...(input.auth === undefined ? {} : { auth: input.auth as AuthContext }),
    });
    const item = result.results[0];
    if (item === undefined || item.status === "rejected") {
      return invalid(item?.error?.pointer ?? "", item?.error?.detail ?? "outcome rejected");
    }
    if (claim !== null) {
      await state.commit({ releaseClaims: [claim.id] });
      this.#registry.releaseClaim(claim.id);
    }
    return ok({
      messageId,
      leadId: lead.id,
      event,
      outcome: input.outcome,
      status: item.status,
      callbackAt: input.callbackAt ?? null,
      releasedClaim: claim?.id ?? null,
    });
  }

  /** Identifiers that resolve to the lead, in the order ingest reads them. */
  #identity(leadId: string, userId: string | null): Record<string, unknown> {
    if (userId !== null) return { userId };
    const identifiers = this.#state.graph.identifiersOf(leadId);
    const anonymous = identifiers.find((key) => key.startsWith("a:"));
    if (anonymous !== undefined) return { anonymousId: anonymous.slice(2) };
    const email = identifiers.find((key) => key.startsWith("e:"));
    // An email-only lead (imported): ingest resolves it by the email in the context traits.
    return {
      anonymousId: `outcome-${leadId}`,
      context: { traits: { email: email?.slice(2) } },
    };
  }
}
