import type { LeadEvent } from "../../../src/api/api-types.ts";
import { isMessageKey } from "../../../src/i18n/translate.ts";
import { activityOf } from "../../../src/lead-activity.ts";
import { useI18n } from "../../i18n-context.tsx";

/** The lead's latest events, newest first: what the agent can mention on the call. */
export function RecentActivity({ events }: { events: readonly LeadEvent[] | undefined }) {
  const { t, fmt } = useI18n();
  if (events === undefined) return null;
  const now = Date.now();
  const label = (event: LeadEvent) => {
    const activity = activityOf(event);
    switch (activity.kind) {
      case "page":
        return t("queue.activity.page", { page: activity.page });
      case "identify":
        return t("queue.activity.identify");
      case "call": {
        const key = `queue.outcome.${activity.outcome}`;
        return t("queue.activity.call", {
          outcome: isMessageKey(key) ? t(key) : activity.outcome,
        });
      }
      case "event":
        return <code>{activity.name}</code>;
    }
  };
  return (
    <section className="stack stack--tight" aria-labelledby="claim-activity-title">
      <h3 id="claim-activity-title" className="field__label">
        {t("queue.recent")}
      </h3>
      {events.length === 0 ? (
        <p className="small muted">{t("queue.recentNone")}</p>
      ) : (
        <ul className="activity-list">
          {events.map((event) => (
            <li key={event.messageId}>
              <span>{label(event)}</span>
              <time className="small muted" dateTime={new Date(event.timestamp).toISOString()}>
                {fmt.relative(event.timestamp, now)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
