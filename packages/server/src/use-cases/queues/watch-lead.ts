import type { StreamSink, StreamSubscription } from "../app-services.ts";
import { isPresent } from "../lead-book.ts";
import { toSummary } from "../lead-views.ts";
import type { ServiceState } from "../service-state.ts";

/**
 * A live view of one lead: a snapshot, then an update after each change (coalesced per event-loop turn).
 * Each message carries the whole small view, so a reconnecting client loses nothing by getting a snapshot.
 */
export function watchLead(
  state: ServiceState,
  leadId: string,
  epoch: string,
  sink: StreamSink,
): StreamSubscription {
  let seq = 0;
  let pending = false;
  let lagging = false;
  const view = (): string => {
    const lead = state.findLead(leadId);
    if (lead === null) return JSON.stringify({ id: leadId, erased: true });
    const summary = toSummary(lead);
    const models = Object.fromEntries(
      [...lead.models].map(([id, slot]) => [
        id,
        { ...summary.models[id], presentNow: isPresent(lead, slot, lead.valuedAt) },
      ]),
    );
    return JSON.stringify({ ...summary, models });
  };
  const send = (event: "snapshot" | "update") => {
    if (!sink.ready()) {
      lagging = true;
      return;
    }
    seq++;
    sink.write({ id: `${epoch}-${seq}`, event: lagging ? "snapshot" : event, data: view() });
    lagging = false;
  };
  send("snapshot");
  const unsubscribe = state.feed.subscribe((changes) => {
    if (pending || !changes.leadIds.has(state.graph.resolve(leadId))) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      send("update");
    });
  });
  return {
    resync: () => {
      if (lagging) send("snapshot");
    },
    close: () => unsubscribe(),
  };
}
