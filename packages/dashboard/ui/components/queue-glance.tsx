import { Link } from "wouter";
import type { QueueEntry } from "../../src/api/api-types.ts";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";
import { useQueueStream } from "../use-queue-stream.ts";
import { BandBadge, GradeBadge } from "./badges.tsx";

const SHOWN = 5;

function LiveTop({ queueId, name }: { queueId: string; name: string }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const stream = useQueueStream(api.queueStreamUrl(queueId));
  const entries: readonly QueueEntry[] = stream.entries ?? [];
  return (
    <section className="card queue-glance" aria-labelledby="queue-glance-title">
      <div className="queue-glance__head">
        <h2 id="queue-glance-title">{t("glance.title", { queue: name })}</h2>
        <span className={`live live--${stream.status}`}>
          {t(
            stream.status === "live"
              ? "queue.live"
              : stream.status === "offline"
                ? "queue.offline"
                : "queue.connecting",
          )}
        </span>
        <Link href={`/queue?queue=${encodeURIComponent(queueId)}`} className="queue-glance__open">
          {t("glance.open")} →
        </Link>
      </div>
      {entries.length === 0 ? (
        <p className="small muted">{t("queue.emptyBody")}</p>
      ) : (
        <ol className="queue-glance__list">
          {entries.slice(0, SHOWN).map((entry, index) => (
            <li key={entry.leadId} className="queue-glance__item">
              <span className="queue-glance__rank" aria-hidden="true">
                {index + 1}
              </span>
              <Link href={`/leads/${encodeURIComponent(entry.leadId)}`} className="lead-link">
                {entry.name || entry.email || entry.userId || t("leads.anonymous")}
              </Link>
              <span className="queue-glance__score">
                <strong>{fmt.integer(entry.score)}</strong>
                <BandBadge band={entry.band} />
                <GradeBadge grade={entry.grade} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The top of the first call queue, live, on the landing page: who to call now next to the leads.
 * Hidden while the server has no queue (or no queue endpoints).
 */
export function QueueGlance() {
  const api = useApi();
  const { state } = useApiQuery("queues", () => api.listQueues());
  if (state.status !== "ok") return null;
  const queue = state.value.data[0];
  if (queue === undefined) return null;
  return <LiveTop queueId={queue.id} name={queue.name ?? queue.id} />;
}
