import { Link } from "wouter";
import type { QueueEntry, QueueSummary } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi } from "../../session-context.tsx";
import { useQueueStream } from "../../use-queue-stream.ts";
import { BandBadge, GradeBadge } from "../badges.tsx";
import { LiveStatus } from "./live-status.tsx";
import { entryTitle, OnSiteBadge, useReason } from "./queue-list.tsx";

const SHOWN = 5;

function LiveTop({ queueId, name }: { queueId: string; name: string }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const reason = useReason();
  const stream = useQueueStream(api.queueStreamUrl(queueId, SHOWN));
  const entries: readonly QueueEntry[] = stream.entries ?? [];
  return (
    <section className="card queue-glance" aria-labelledby="queue-glance-title">
      <div className="queue-glance__head">
        <div>
          <h2 id="queue-glance-title">{t("glance.title")}</h2>
          <p className="small muted">
            {stream.size === null
              ? name
              : t("glance.queue", { queue: name, count: fmt.integer(stream.size) })}
          </p>
        </div>
        <LiveStatus status={stream.status} />
        <Link href={`/queue?queue=${encodeURIComponent(queueId)}`} className="queue-glance__open">
          {t("glance.open")} →
        </Link>
      </div>
      {entries.length === 0 ? (
        <p className="small muted">{t("queue.emptyBody")}</p>
      ) : (
        <ol className="queue-glance__list">
          {entries.slice(0, SHOWN).map((entry, index) => (
            <li key={entry.leadId} className="queue-glance__item" data-lead-id={entry.leadId}>
              <span className="queue-glance__rank" aria-hidden="true">
                {index + 1}
              </span>
              <span className="queue-glance__who">
                <Link href={`/leads/${encodeURIComponent(entry.leadId)}`} className="lead-link">
                  {entryTitle(entry, t("leads.anonymous"))}
                </Link>
                {entry.company && (
                  <span className="small muted queue-glance__company"> · {entry.company}</span>
                )}
              </span>
              <span className="queue-glance__why small">
                {entry.presentNow === true ? (
                  <OnSiteBadge present />
                ) : (
                  <span className="muted">{reason(entry)}</span>
                )}
              </span>
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

/** The top of a call queue, live, on the landing page: who to call now next to the leads. */
export function QueueGlance({ queue }: { queue: QueueSummary }) {
  return <LiveTop queueId={queue.id} name={queue.name ?? queue.id} />;
}
