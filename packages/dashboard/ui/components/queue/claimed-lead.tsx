import { useEffect, useState } from "react";
import { Link } from "wouter";
import type { ApiError } from "../../../src/api/api-error.ts";
import type { Claim, LeadModelSummary, Outcome } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi } from "../../session-context.tsx";
import { useApiQuery } from "../../use-api-query.ts";
import { useLeadStream } from "../../use-lead-stream.ts";
import { BandBadge, GradeBadge, StageBadge } from "../badges.tsx";
import { ErrorState } from "../states.tsx";
import { OutcomeForm } from "./outcome-form.tsx";
import { entryTitle, OnSiteBadge, useReason } from "./queue-list.tsx";
import { RecentActivity } from "./recent-activity.tsx";

type Standing = Pick<LeadModelSummary, "score" | "band" | "grade"> & { readonly stage?: string };

/** How a claim ended, for the confirmation beside the queue. */
export type ClaimEnd =
  | {
      readonly kind: "recorded";
      readonly name: string;
      readonly outcome: Outcome;
      readonly before: Standing;
      readonly after: Standing | null;
      readonly callbackAt: number | null;
    }
  | { readonly kind: "released"; readonly name: string };

/** Renews the hold halfway through what is left of it, so a long call never loses the lead. */
function useLease(queueId: string, claim: Claim): { leaseUntil: number; lost: boolean } {
  const api = useApi();
  const [leaseUntil, setLeaseUntil] = useState(() => new Date(claim.leaseUntil).getTime());
  const [lost, setLost] = useState(false);
  const claimId = claim.claimId;
  useEffect(() => {
    if (claimId === undefined || lost) return;
    const wait = Math.max(5_000, (leaseUntil - Date.now()) / 2);
    const timer = setTimeout(() => {
      void api.renewClaim(queueId, claimId).then((renewed) => {
        if (renewed.ok) setLeaseUntil(new Date(renewed.value.leaseUntil).getTime());
        else if (renewed.error.status === 404) setLost(true);
      });
    }, wait);
    return () => clearTimeout(timer);
  }, [api, queueId, claimId, leaseUntil, lost]);
  return { leaseUntil, lost };
}

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value : null;

/**
 * The lead an agent holds: who they are, where they stand now (live), why they are in the queue, what
 * they did lately, and the outcome form. Recording an outcome or releasing ends the claim.
 */
export function ClaimedLead({
  queueId,
  model,
  claim,
  onDone,
}: {
  queueId: string;
  model: string | undefined;
  claim: Claim;
  onDone: (end: ClaimEnd) => void;
}) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const reason = useReason();
  const lead = claim.lead;
  const name = entryTitle(lead, t("leads.anonymous"));
  const live = useLeadStream(api.leadStreamUrl(lead.leadId));
  const liveStanding = model === undefined ? undefined : live?.models[model];
  const standing: Standing = liveStanding ?? lead;
  const presentNow = liveStanding?.presentNow ?? lead.presentNow;
  const details = useApiQuery(`lead|${lead.leadId}`, () => api.getLead(lead.leadId));
  const activityKey = `${lead.leadId}|${String(live?.lastActivityAt ?? lead.lastActivityAt)}`;
  const events = useApiQuery(`events|${activityKey}`, () => api.getLeadEvents(lead.leadId, 5));
  const lease = useLease(queueId, claim);
  const [releasing, setReleasing] = useState(false);
  const [releaseError, setReleaseError] = useState<ApiError | null>(null);

  const traits = details.state.status === "ok" ? details.state.value.traits : {};
  const jobTitle = text(traits.jobTitle) ?? text(traits.title);
  const phone = text(traits.phone);
  const email = lead.email ?? text(traits.email);

  async function release() {
    if (claim.claimId === undefined) return onDone({ kind: "released", name });
    setReleasing(true);
    const result = await api.releaseClaim(queueId, claim.claimId);
    setReleasing(false);
    if (result.ok) onDone({ kind: "released", name });
    else setReleaseError(result.error);
  }

  async function recorded(outcome: Outcome, callbackAt: number | null) {
    const after = await api.getLead(lead.leadId);
    const afterStanding = after.ok && model !== undefined ? after.value.models[model] : undefined;
    onDone({
      kind: "recorded",
      name,
      outcome,
      before: standing,
      after: afterStanding ?? null,
      callbackAt,
    });
  }

  return (
    <section
      className="card card--accent stack claim"
      aria-labelledby="claim-title"
      data-lead-id={lead.leadId}
    >
      <p className="section-label">{t("queue.yourLead")}</p>
      <div className="claim__head">
        <div>
          <h2 id="claim-title">{name}</h2>
          <p className="muted">{[jobTitle, lead.company].filter(Boolean).join(" · ")}</p>
        </div>
        <OnSiteBadge present={presentNow} />
      </div>
      <div className="claim-facts">
        <span className="score-big">{fmt.integer(standing.score)}</span>
        <BandBadge band={standing.band} />
        <GradeBadge grade={standing.grade} />
        {standing.stage !== undefined && <StageBadge stage={standing.stage} />}
      </div>
      {reason(lead) && (
        <p>
          <span className="field__label">{t("queue.why")}: </span>
          {reason(lead)}
        </p>
      )}
      {(email !== null || phone !== null) && (
        <dl className="claim__contact">
          {phone !== null && (
            <div>
              <dt>{t("queue.facts.phone")}</dt>
              <dd>
                <a href={`tel:${phone}`}>{phone}</a>
              </dd>
            </div>
          )}
          {email !== null && (
            <div>
              <dt>{t("queue.facts.email")}</dt>
              <dd>
                <a href={`mailto:${email}`}>{email}</a>
              </dd>
            </div>
          )}
        </dl>
      )}
      <RecentActivity events={events.state.status === "ok" ? events.state.value.data : undefined} />
      {lease.lost ? (
        <p className="alert alert--error" role="alert">
          {t("queue.leaseLost")}
        </p>
      ) : (
        <p className="small muted">{t("queue.leaseUntil", { time: fmt.time(lease.leaseUntil) })}</p>
      )}
      <Link href={`/leads/${encodeURIComponent(lead.leadId)}`} className="small">
        {t("queue.openLead")} →
      </Link>
      <OutcomeForm
        queueId={queueId}
        leadId={lead.leadId}
        {...(claim.claimId === undefined ? {} : { claimId: claim.claimId })}
        onRecorded={(report) =>
          void recorded(
            report.outcome as Outcome,
            report.callbackAt === null ? null : new Date(report.callbackAt).getTime(),
          )
        }
      />
      <button type="button" className="button" disabled={releasing} onClick={() => void release()}>
        {t("queue.release")}
      </button>
      {releaseError !== null && <ErrorState error={releaseError} />}
    </section>
  );
}
