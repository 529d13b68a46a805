// Call outcomes are ordinary events in the log, named `call.<outcome>`, so models can give them points and
// move stages; they are the agent's doing, so they never count as the lead's own activity.

export const OUTCOMES = [
  "no_answer",
  "call_back",
  "interested",
  "not_interested",
  "qualified",
  "wrong_data",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const outcomeEventName = (outcome: Outcome): string => `call.${outcome}`;

const OUTCOME_EVENTS: ReadonlyMap<string, Outcome> = new Map(
  OUTCOMES.map((outcome) => [outcomeEventName(outcome), outcome]),
);

/** The outcome an event records, when it is one recorded through a queue (it carries `outcome`). */
export function outcomeOf(
  event: string,
  properties: Readonly<Record<string, unknown>> | null | undefined,
): Outcome | null {
  const outcome = OUTCOME_EVENTS.get(event);
  return outcome !== undefined && properties?.outcome === outcome ? outcome : null;
}

export function isOutcomeEvent(
  event: string,
  properties: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  return outcomeOf(event, properties) !== null;
}

/** The snippet's presence signal (see packages/tracker): kept as a presence row, not as a logged event. */
export const PRESENCE_HEARTBEAT_EVENT = "presence.heartbeat";
