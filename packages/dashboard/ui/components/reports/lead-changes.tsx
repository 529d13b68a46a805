import { useState } from "react";
import { Link } from "wouter";
import type { Backtest, Standing } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import { BandBadge, StageBadge } from "../badges.tsx";

const FIRST_ROWS = 10;

function StandingCell({ standing }: { standing: Standing }) {
  const { fmt } = useI18n();
  return (
    <span className="standing">
      <span className="strong">{fmt.integer(standing.score)}</span>{" "}
      <BandBadge band={standing.band} /> <StageBadge stage={standing.stage} />
    </span>
  );
}

/** The leads whose band or stage at the cutoff differs between the two models, converted ones first. */
export function LeadChanges({ backtest }: { backtest: Backtest }) {
  const { t, fmt } = useI18n();
  const changes = backtest.changes;
  const [all, setAll] = useState(false);
  if (changes === null) return null;
  const shown = all ? changes.sample : changes.sample.slice(0, FIRST_ROWS);
  const [base, other] = backtest.models;
  return (
    <div className="stack">
      {base !== undefined && other !== undefined && base.modelId !== other.modelId && (
        <p className="small muted">{t("report.changesOtherModel")}</p>
      )}
      <p>
        {t("report.changesTotal", {
          total: fmt.integer(changes.total),
          converted: fmt.integer(changes.converted),
        })}
      </p>
      {changes.sample.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("report.changesCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("leads.col.lead")}</th>
                <th scope="col">
                  {base?.modelId === other?.modelId ? t("report.before") : base?.modelId}
                </th>
                <th scope="col">
                  {base?.modelId === other?.modelId ? t("report.after") : other?.modelId}
                </th>
                <th scope="col">{t("report.convertedCol")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((change) => (
                <tr key={change.leadId}>
                  <td>
                    <Link
                      href={`/leads/${encodeURIComponent(change.leadId)}`}
                      className="lead-link"
                    >
                      {change.label ?? t("leads.anonymous")}
                    </Link>
                  </td>
                  <td>
                    <StandingCell standing={change.from} />
                  </td>
                  <td>
                    <StandingCell standing={change.to} />
                  </td>
                  <td>
                    {change.converted ? (
                      <span className="success strong">✓ {t("report.yes")}</span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < changes.sample.length && (
        <div>
          <button type="button" className="button button--small" onClick={() => setAll(true)}>
            {t("report.showMoreChanges", { count: fmt.integer(changes.sample.length) })}
          </button>
        </div>
      )}
      {all && changes.total > changes.sample.length && (
        <p className="small muted">
          {t("report.changesSample", { shown: fmt.integer(changes.sample.length) })}
        </p>
      )}
    </div>
  );
}
