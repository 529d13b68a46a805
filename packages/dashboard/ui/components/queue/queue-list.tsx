import { useEffect, useRef } from "react";
import { Link } from "wouter";
import type { QueueEntry } from "../../../src/api/api-types.ts";
import { isMessageKey } from "../../../src/i18n/translate.ts";
import { useI18n } from "../../i18n-context.tsx";
import { BandBadge, GradeBadge } from "../badges.tsx";
import { EmptyState } from "../states.tsx";

export function entryTitle(
  entry: Pick<QueueEntry, "name" | "email" | "userId">,
  anonymous: string,
): string {
  return entry.name || entry.email || entry.userId || anonymous;
}

/** Why the lead is here, in the reader's language when the server sent a known code. */
export function useReason(): (entry: QueueEntry) => string | null {
  const { t } = useI18n();
  return (entry) => {
    const key = `queue.reason.${entry.reasonCode ?? ""}`;
    return isMessageKey(key) ? t(key) : (entry.reason ?? null);
  };
}

export function OnSiteBadge({ present }: { present: boolean | undefined }) {
  const { t } = useI18n();
  return present === true ? <span className="badge badge--live">{t("queue.onSite")}</span> : null;
}

/** Ids that were not in the previous list, to highlight arrivals for a moment. */
function useArrivals(entries: readonly QueueEntry[]): ReadonlySet<string> {
  const seen = useRef<ReadonlySet<string> | null>(null);
  const previous = seen.current;
  const ids = new Set(entries.map((e) => e.leadId));
  useEffect(() => {
    seen.current = ids;
  });
  if (previous === null) return new Set();
  return new Set([...ids].filter((id) => !previous.has(id)));
}

/** The queue in order, as the live stream holds it; arrivals flash once. */
export function QueueList({ entries }: { entries: readonly QueueEntry[] }) {
  const { t, fmt } = useI18n();
  const reason = useReason();
  const arrivals = useArrivals(entries);
  const now = Date.now();
  if (entries.length === 0) {
    return <EmptyState title={t("queue.emptyTitle")}>{t("queue.emptyBody")}</EmptyState>;
  }
  return (
    <ol className="queue-list">
      {entries.map((entry, index) => (
        <li
          key={entry.leadId}
          className={`queue-item ${arrivals.has(entry.leadId) ? "is-new" : ""}`}
          data-lead-id={entry.leadId}
        >
          <span className="queue-item__rank" aria-hidden="true">
            {index + 1}
          </span>
          <div className="queue-item__who">
            <Link href={`/leads/${encodeURIComponent(entry.leadId)}`} className="lead-link">
              {entryTitle(entry, t("leads.anonymous"))}
            </Link>
            <div className="small muted">
              {[
                entry.company,
                entry.lastActivityAt ? fmt.relative(entry.lastActivityAt, now) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </div>
            {reason(entry) && <div className="small queue-item__reason">{reason(entry)}</div>}
          </div>
          <div className="queue-item__score">
            <OnSiteBadge present={entry.presentNow} />
            <span className="strong">{fmt.integer(entry.score)}</span>
            <BandBadge band={entry.band} />
            <GradeBadge grade={entry.grade} />
          </div>
        </li>
      ))}
    </ol>
  );
}
