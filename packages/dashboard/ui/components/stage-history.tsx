import type { StageChange } from "../../src/api/api-types.ts";
import { toDate } from "../../src/i18n/format.ts";
import { useI18n } from "../i18n-context.tsx";
import { useStageLabel } from "./badges.tsx";

function useCauseLabel(): (cause: string) => string {
  const { t } = useI18n();
  return (cause) => {
    if (cause === "identified") return t("lead.cause.identified");
    if (cause === "manual") return t("lead.cause.manual");
    if (cause === "import") return t("lead.cause.import");
    const rule = /^rule:(\d+)$/.exec(cause);
    return rule?.[1] === undefined ? cause : t("lead.cause.rule", { rule: Number(rule[1]) + 1 });
  };
}

export function StageHistory({ history }: { history: readonly StageChange[] }) {
  const { t, fmt } = useI18n();
  const stageLabel = useStageLabel();
  const causeLabel = useCauseLabel();
  if (history.length === 0) return <p className="muted">{t("lead.stageHistoryEmpty")}</p>;
  const newestFirst = [...history].sort((a, b) => toDate(b.at).getTime() - toDate(a.at).getTime());
  return (
    <ol className="timeline">
      {newestFirst.map((change) => (
        <li key={`${String(change.at)}:${change.stage}`} className="timeline__item">
          <time className="small muted" dateTime={toDate(change.at).toISOString()}>
            {fmt.dateTime(change.at)}
          </time>
          <div>
            {change.from === null ? "" : `${stageLabel(change.from)} → `}
            <strong>{stageLabel(change.stage)}</strong>
          </div>
          <div className="small">
            <span className="muted">{t("lead.col.cause")}:</span> {causeLabel(change.cause)}
            {change.reason ? ` — “${change.reason}”` : ""}
          </div>
        </li>
      ))}
    </ol>
  );
}
