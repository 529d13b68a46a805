import { createOutbox } from "./create-outbox.ts";
import { createTimeOrderedUuid, createUuid } from "./create-uuid.ts";
import { loadIdentity, saveAnonymousId, saveUserId } from "./identity.ts";
import { pageContext, pageProperties } from "./page-context.ts";
import { startPresence } from "./start-presence.ts";
import type { LoadOptions, Properties, TrackerMessage } from "./types.ts";

export type Tracker = {
  page(name?: string | Properties, properties?: Properties): void;
  track(event: string, properties?: Properties): void;
  identify(userId?: string | Properties, traits?: Properties): void;
  alias(userId: string, previousId?: string): void;
  reset(): void;
};

type MessageFields = Omit<
  TrackerMessage,
  "messageId" | "anonymousId" | "context" | "originalTimestamp"
>;

export const heartbeatEvent = "presence.heartbeat";

/** Wires identity, outbox and presence for one write key; `load` calls it once per page. */
export function createTracker(writeKey: string, options: LoadOptions & { host: string }): Tracker {
  const identity = loadIdentity();
  const outbox = createOutbox({
    endpoint: `${options.host.replace(/\/+$/, "")}/v1/batch`,
    writeKey,
    flushAt: options.flushAt ?? 10,
    flushIntervalMs: options.flushIntervalMs ?? 5000,
  });

  // Presence signals (page, identify, alias, heartbeat) leave at once: grading is real time.
  const send = (fields: MessageFields, urgent: boolean) =>
    outbox.enqueue(
      {
        ...fields,
        messageId: createTimeOrderedUuid(),
        anonymousId: identity.anonymousId,
        ...(identity.userId !== null && fields.userId === undefined
          ? { userId: identity.userId }
          : {}),
        context: pageContext(),
        originalTimestamp: new Date().toISOString(),
      },
      urgent,
    );

  const setUserId = (userId: string | null) => {
    identity.userId = userId;
    saveUserId(userId);
  };

  const track = (event: string, properties: Properties = {}, urgent = false) => {
    if (typeof event === "string" && event !== "")
      send({ type: "track", event, properties }, urgent);
  };

  addEventListener("pagehide", () => outbox.flushOnExit());
  addEventListener("pageshow", () => outbox.resume());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") void outbox.flush();
  });
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
  if (heartbeatIntervalMs > 0) {
    startPresence(heartbeatIntervalMs, () => track(heartbeatEvent, { url: location.href }, true));
  }

  return {
    page(name, properties) {
      const named = typeof name === "string" ? name : undefined;
      const extra = typeof name === "object" ? name : properties;
      send(
        {
          type: "page",
          ...(named ? { name: named } : {}),
          properties: { ...pageProperties(), ...extra },
        },
        true,
      );
    },
    track: (event, properties) => track(event, properties),
    identify(userId, traits) {
      if (typeof userId === "string" && userId !== "") setUserId(userId);
      const given = typeof userId === "object" ? userId : traits;
      send({ type: "identify", traits: { ...given } }, true);
    },
    alias(userId, previousId) {
      if (typeof userId !== "string" || userId === "") return;
      const previous = previousId ?? identity.userId ?? identity.anonymousId;
      setUserId(userId);
      send({ type: "alias", userId, previousId: previous }, true);
    },
    reset() {
      setUserId(null);
      identity.anonymousId = createUuid();
      saveAnonymousId(identity.anonymousId);
    },
  };
}
