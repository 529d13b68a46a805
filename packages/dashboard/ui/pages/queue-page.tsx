import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import type { ApiError } from "../../src/api/api-error.ts";
import type { Claim, QueueEntry } from "../../src/api/api-types.ts";
import { isMessageKey } from "../../src/i18n/translate.ts";
import { BandBadge, GradeBadge } from "../components/badges.tsx";
import { OutcomeForm } from "../components/outcome-form.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";
import { useQueueStream } from "../use-queue-stream.ts";

function entryTitle(entry: QueueEntry, anonymous: string): string {
  return entry.name || entry.email || entry.userId || anonymous;
}

/** Why the lead is here, in the reader's language when the server sent a known code. */
function useReason(): (entry: QueueEntry) => string | null {
  const { t } = useI18n();
  return (entry) => {
    const key = `queue.reason.${entry.reasonCode ?? ""}`;
    return isMessageKey(key) ? t(key) : (entry.reason ?? null);
  };
}

function OnSiteBadge({ entry }: { entry: QueueEntry }) {
  const { t } = useI18n();
  return entry.presentNow === true ? (
    <span className="badge badge--live">{t("queue.onSite")}</span>
  ) : null;
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

function QueueList({ entries }: { entries: readonly QueueEntry[] }) {
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
            {reason(entry) && <div className="small">{reason(entry)}</div>}
          </div>
          <div className="queue-item__score">
            <OnSiteBadge entry={entry} />
            <span className="strong">{fmt.integer(entry.score)}</span>
            <BandBadge band={entry.band} />
            <GradeBadge grade={entry.grade} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function ClaimedLead({
  queueId,
  claim,
  onDone,
}: {
  queueId: string;
  claim: Claim;
  onDone: (recorded: boolean) => void;
}) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const reason = useReason();
  const lead = claim.lead;
  const [releasing, setReleasing] = useState(false);
  const [releaseError, setReleaseError] = useState<ApiError | null>(null);

  async function release() {
    if (claim.claimId === undefined) return onDone(false);
    setReleasing(true);
    const result = await api.releaseClaim(queueId, claim.claimId);
    setReleasing(false);
    if (result.ok) onDone(false);
    else setReleaseError(result.error);
  }
  return (
    <section className="card card--accent stack" aria-labelledby="claim-title">
      <p className="section-label">{t("queue.yourLead")}</p>
      <h2 id="claim-title">{entryTitle(lead, t("leads.anonymous"))}</h2>
      <p className="muted">{[lead.email, lead.company].filter(Boolean).join(" · ")}</p>
      <div className="claim-facts">
        <span className="score-big">{fmt.integer(lead.score)}</span>
        <BandBadge band={lead.band} />
        <GradeBadge grade={lead.grade} />
        <OnSiteBadge entry={lead} />
      </div>
      {reason(lead) && (
        <p>
          <span className="field__label">{t("queue.why")}: </span>
          {reason(lead)}
        </p>
      )}
      <p className="small muted">{t("queue.leaseUntil", { time: fmt.time(claim.leaseUntil) })}</p>
      <Link href={`/leads/${encodeURIComponent(lead.leadId)}`} className="small">
        {t("queue.openLead")} →
      </Link>
      <OutcomeForm
        queueId={queueId}
        leadId={lead.leadId}
        {...(claim.claimId === undefined ? {} : { claimId: claim.claimId })}
        onRecorded={() => onDone(true)}
      />
      <button type="button" className="button" disabled={releasing} onClick={() => void release()}>
        {t("queue.release")}
      </button>
      {releaseError !== null && <ErrorState error={releaseError} />}
    </section>
  );
}

function LiveQueue({ queueId }: { queueId: string }) {
  const { t } = useI18n();
  const api = useApi();
  const initial = useApiQuery(`queue|${queueId}`, () => api.getQueue(queueId));
  const stream = useQueueStream(api.queueStreamUrl(queueId));
  const [claim, setClaim] = useState<Claim | null>(null);
  const [claimError, setClaimError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<"recorded" | "released" | null>(null);

  const entries =
    stream.entries ?? (initial.state.status === "ok" ? initial.state.value.data : undefined);
  const waiting =
    stream.size ??
    (initial.state.status === "ok" ? initial.state.value.size : undefined) ??
    entries?.length;

  async function claimNext() {
    setPending(true);
    setClaimError(null);
    setDone(null);
    const result = await api.claimNext(queueId);
    setPending(false);
    if (result.ok) setClaim(result.value);
    else setClaimError(result.error);
  }

  return (
    <div className="queue-grid">
      <section aria-labelledby="queue-list-title" className="stack">
        <div className="queue-toolbar">
          <h2 id="queue-list-title" className="queue-toolbar__title">
            {waiting === undefined ? t("queue.title") : t("queue.waiting", { count: waiting })}
          </h2>
          <span className={`live live--${stream.status}`} role="status">
            {t(
              stream.status === "live"
                ? "queue.live"
                : stream.status === "offline"
                  ? "queue.offline"
                  : "queue.connecting",
            )}
          </span>
        </div>
        {entries === undefined && initial.state.status === "error" && (
          <ErrorState error={initial.state.error} onRetry={initial.reload} />
        )}
        {entries === undefined && initial.state.status === "loading" && <Loading />}
        {entries !== undefined && <QueueList entries={entries} />}
      </section>
      <div className="stack">
        {claim === null ? (
          <section className="card stack">
            <button
              type="button"
              className="button button--primary button--block button--large"
              disabled={pending || entries?.length === 0}
              onClick={() => void claimNext()}
            >
              {pending ? t("queue.claiming") : t("queue.claimNext")}
            </button>
            <div aria-live="polite" className="live-region">
              {done !== null && (
                <p className="small success">
                  {t(done === "recorded" ? "queue.recorded" : "queue.released")}
                </p>
              )}
            </div>
            {claimError !== null && <ErrorState error={claimError} />}
          </section>
        ) : (
          <ClaimedLead
            queueId={queueId}
            claim={claim}
            onDone={(recorded) => {
              setClaim(null);
              setDone(recorded ? "recorded" : "released");
            }}
          />
        )}
      </div>
    </div>
  );
}

export function QueuePage() {
  const { t } = useI18n();
  const api = useApi();
  const search = useSearch();
  const [, navigate] = useLocation();
  const { state, reload } = useApiQuery("queues", () => api.listQueues());

  if (state.status === "error") return <ErrorState error={state.error} onRetry={reload} />;
  if (state.status === "loading") return <Loading />;
  const queues = state.value.data;
  const requested = new URLSearchParams(search).get("queue");
  const queueId = queues.find((q) => q.id === requested)?.id ?? queues[0]?.id;

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t("queue.title")}</h1>
        {queues.length > 1 && (
          <label className="field field--inline">
            <span className="field__label">{t("queue.choose")}</span>
            <select
              value={queueId}
              onChange={(event) =>
                navigate(`/queue?queue=${encodeURIComponent(event.target.value)}`)
              }
            >
              {queues.map((queue) => (
                <option key={queue.id} value={queue.id}>
                  {queue.name ?? queue.id}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {queueId === undefined ? (
        <EmptyState title={t("queue.noQueuesTitle")}>{t("queue.noQueuesBody")}</EmptyState>
      ) : (
        <LiveQueue key={queueId} queueId={queueId} />
      )}
    </div>
  );
}
