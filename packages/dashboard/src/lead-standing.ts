import type { LeadModelSummary, LeadSummary } from "./api/api-types.ts";

/**
 * The lead's score, band, stage and grade to show in a list: under the chosen model, or under
 * the first model the server lists (its default) when none is chosen.
 */
export function leadStanding(
  lead: Pick<LeadSummary, "models">,
  modelId: string,
): LeadModelSummary | undefined {
  if (modelId !== "") return lead.models[modelId];
  const first = Object.keys(lead.models)[0];
  return first === undefined ? undefined : lead.models[first];
}
