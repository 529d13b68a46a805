import { useEffect, useRef, useState } from "react";
import { useLocation, useSearch } from "wouter";
import type { ApiError } from "../../src/api/api-error.ts";
import type { Claim, QueueSummary } from "../../src/api/api-types.ts";
import { useStageLabel } from "../components/badges.tsx";
import { type ClaimEnd, ClaimedLead } from "../components/queue/claimed-lead.tsx";
import { LiveStatus } from "../components/queue/live-status.tsx";
import { QueueList } from "../components/queue/queue-list.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";
import { useQueueStream } from "../use-queue-stream.ts";

/** The claim this tab holds, kept across a reload so the lead is not stranded until its hold ends. */
const heldKey = (queueId: string) => `leadscore.claim.${queueId}`;

function useHeldClaim(queueId: string): [Claim | null, (claim: Claim | null) => void] {
  const api = useApi();
  const [claim, setClaim] = useState<Claim | null>(null);
  useEffect(() => {
    const held = sessionStorage.getItem(heldKey(queueId));
    if (held === null) return;
    let current = true;
    void api.renewClaim(queueId, held).then((renewed) => {
      if (!current) return;
      if (renewed.ok) setClaim(renewed.value);
      else sessionStorage.removeItem(heldKey(queueId));
    });
    return () => {
      current = false;
    };
  }, [api, queueId]);
  const hold = (next: Claim | null) => {
    if (next?.claimId === undefined) sessionStorage.removeItem(heldKey(queueId));
    else sessionStorage.setItem(heldKey(queueId), next.claimId);
    setClaim(next);
  };
  return [claim, hold];
}

/** What happened to the last lead: the outcome and how it moved the lead, or its release. */
function ClaimEndNote({ end }: { end: ClaimEnd }) {
  const { t, fmt } = useI18n();
  const stage = useStageLabel();
  if (end.kind === "released") {
    return <p className="small success">{t("queue.released", { name: end.name })}</p>;
  }
  const { before, after } = end;
  const changes = [
    after !== null &&
      Math.round(after.score) !== Math.round(before.score) &&
      t("queue.scoreChange", {
        before: fmt.integer(before.score),
        after: fmt.integer(after.score),
      }),
    after?.stage !== undefined &&
      before.stage !== undefined &&
      after.stage !== before.stage &&
      t("queue.stageChange", { before: stage(before.stage), after: stage(after.stage) }),
    end.callbackAt !== null && t("queue.callbackSet", { time: fmt.dateTime(end.callbackAt) }),
  ].filter((line): line is string => typeof line === "string");
  return (
    <div className="claim-end">
      <p className="small success">
        {t("queue.recorded", { outcome: t(`queue.outcome.${end.outcome}`), name: end.name })}
      </p>
      {changes.length > 0 && <p className="small">{changes.join(" · ")}</p>}
    </div>
  );
}

function LiveQueue({ queue }: { queue: QueueSummary }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const queueId = queue.id;
  const initial = useApiQuery(`queue|${queueId}`, () => api.getQueue(queueId));
  const stream = useQueueStream(api.queueStreamUrl(queueId));
  const [claim, setClaim] = useHeldClaim(queueId);
  const [claimError, setClaimError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [end, setEnd] = useState<ClaimEnd | null>(null);
  const claimButton = useRef<HTMLButtonElement>(null);
  // When a call ends, the next action is the next claim: focus it (which also brings it into view).
  useEffect(() => {
    if (claim === null && end !== null) claimButton.current?.focus();
  }, [claim, end]);

  const entries =
    stream.entries ?? (initial.state.status === "ok" ? initial.state.value.data : undefined);
  const waiting =
    stream.size ??
    (initial.state.status === "ok" ? initial.state.value.size : undefined) ??
    entries?.length;

  async function claimNext() {
    setPending(true);
    setClaimError(null);
    setEnd(null);
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
            {waiting === undefined
              ? t("queue.title")
              : t("queue.waiting", { count: fmt.integer(waiting) })}
          </h2>
          <LiveStatus status={stream.status} />
        </div>
        {entries === undefined && initial.state.status === "error" && (
          <ErrorState error={initial.state.error} onRetry={initial.reload} />
        )}
        {entries === undefined && initial.state.status === "loading" && <Loading />}
        {entries !== undefined && <QueueList entries={entries} />}
      </section>
      <div className="stack queue-side">
        {claim === null ? (
          <section className="card stack">
            <button
              ref={claimButton}
              type="button"
              className="button button--primary button--block button--large"
              disabled={pending || entries?.length === 0}
              onClick={() => void claimNext()}
            >
              {pending ? t("queue.claiming") : t("queue.claimNext")}
            </button>
            <div aria-live="polite" className="live-region">
              {end !== null && <ClaimEndNote end={end} />}
            </div>
            {claimError !== null && <ErrorState error={claimError} />}
          </section>
        ) : (
          <ClaimedLead
            key={claim.claimId ?? claim.lead.leadId}
            queueId={queueId}
            model={queue.model}
            claim={claim}
            onDone={(ended) => {
              setClaim(null);
              setEnd(ended);
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
  const queue = queues.find((q) => q.id === requested) ?? queues[0];

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t("queue.title")}</h1>
        {queues.length > 1 && (
          <label className="field field--inline">
            <span className="field__label">{t("queue.choose")}</span>
            <select
              value={queue?.id}
              onChange={(event) =>
                navigate(`/queue?queue=${encodeURIComponent(event.target.value)}`)
              }
            >
              {queues.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name ?? option.id}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {queue === undefined ? (
        <EmptyState title={t("queue.noQueuesTitle")}>{t("queue.noQueuesBody")}</EmptyState>
      ) : (
        <LiveQueue key={queue.id} queue={queue} />
      )}
    </div>
  );
}
