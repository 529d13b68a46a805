import type { Explanation, LedgerLine } from "../../src/api/api-types.ts";
import { sortLedgerByImpact, summariseLedger } from "../../src/ledger-summary.ts";
import { useI18n } from "../i18n-context.tsx";

function Points({ value }: { value: number }) {
  const { fmt } = useI18n();
  const tone = value > 0 ? "points--up" : value < 0 ? "points--down" : "";
  return <span className={`points ${tone}`}>{fmt.points(value)}</span>;
}

function LineSource({ line }: { line: LedgerLine }) {
  const { t, fmt } = useI18n();
  if (line.eventType !== undefined) {
    return (
      <>
        <code>{line.eventType}</code>
        {line.occurredAt !== undefined && (
          <div className="small muted">{fmt.dateTime(line.occurredAt)}</div>
        )}
      </>
    );
  }
  if (line.traits !== undefined && line.traits.length > 0) {
    return (
      <span className="small">{t("lead.ledger.traits", { traits: line.traits.join(", ") })}</span>
    );
  }
  return <span className="muted">{line.note ?? "—"}</span>;
}

/** The explanation: every line that makes up the score, with a total equal to the raw score. */
export function LedgerTable({ explanation }: { explanation: Explanation }) {
  const { t, fmt } = useI18n();
  if (explanation.ledger.length === 0) return <p className="muted">{t("lead.ledger.empty")}</p>;
  const summary = summariseLedger(explanation.ledger, explanation.rawScore);
  return (
    <div className="table-wrap">
      <table className="table ledger">
        <thead>
          <tr>
            <th scope="col">{t("lead.ledger.rule")}</th>
            <th scope="col" className="hide-narrow">
              {t("lead.ledger.event")}
            </th>
            <th scope="col" className="num hide-narrow">
              {t("lead.ledger.base")}
            </th>
            <th scope="col" className="num hide-narrow">
              {t("lead.ledger.decay")}
            </th>
            <th scope="col" className="num">
              {t("lead.ledger.points")}
            </th>
          </tr>
        </thead>
        <tbody>
          {sortLedgerByImpact(explanation.ledger).map((line, index) => (
            <tr key={`${line.ruleId}:${line.messageId ?? index}`}>
              <td>
                <span className={`kind kind--${line.kind}`}>{t(`lead.kind.${line.kind}`)}</span>{" "}
                <strong>{line.ruleId}</strong>
                <div className="show-narrow small">
                  <LineSource line={line} />
                </div>
                {line.cappedPoints !== undefined && line.cappedPoints !== 0 && (
                  <div className="small muted">
                    {t("lead.ledger.capped", { points: fmt.points(line.cappedPoints) })}
                  </div>
                )}
              </td>
              <td className="hide-narrow">
                <LineSource line={line} />
              </td>
              <td className="num hide-narrow muted">{fmt.points(line.basePoints)}</td>
              <td className="num hide-narrow muted">
                {line.decayFactor === undefined || line.decayFactor === 1
                  ? "—"
                  : `×${fmt.percent(line.decayFactor)}`}
              </td>
              <td className="num">
                <Points value={line.points} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("lead.ledger.total")}</th>
            <td className="hide-narrow" />
            <td className="hide-narrow" />
            <td className="hide-narrow" />
            <td className="num strong">{fmt.points(summary.totalPoints)}</td>
          </tr>
          <tr>
            <th scope="row">{t("lead.ledger.rounded")}</th>
            <td className="hide-narrow" />
            <td className="hide-narrow" />
            <td className="hide-narrow" />
            <td className="num strong">{fmt.integer(explanation.score)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
