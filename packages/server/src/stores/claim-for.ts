import type { ClaimRequest, ClaimRow } from "../ports/store.ts";

/** The claim a request makes on the lead a store found free for it. */
export function claimFor(request: ClaimRequest, leadId: string): ClaimRow {
  return {
    id: request.claimId,
    leadId,
    queueId: request.queueId,
    agentId: request.agentId,
    claimedAt: request.now,
    leaseUntil: request.leaseUntil,
  };
}
