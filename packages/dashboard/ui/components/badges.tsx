import { isMessageKey } from "../../src/i18n/translate.ts";
import { useI18n } from "../i18n-context.tsx";

const bandTones: Record<string, string> = {
  hot: "danger",
  warm: "warning",
  cold: "info",
  frozen: "neutral",
};

/** Bands are named by each model; the usual names get a colour, others stay neutral. */
export function BandBadge({ band }: { band: string }) {
  return (
    <span className={`badge badge--${bandTones[band.toLowerCase()] ?? "neutral"}`}>{band}</span>
  );
}

export function GradeBadge({ grade }: { grade: string | null | undefined }) {
  if (grade === null || grade === undefined || grade === "")
    return <span className="muted">—</span>;
  return <span className={`grade grade--${grade.toLowerCase()}`}>{grade}</span>;
}

export function useStageLabel(): (stage: string) => string {
  const { t } = useI18n();
  return (stage) => {
    const key = `stage.${stage}`;
    return isMessageKey(key) ? t(key) : stage;
  };
}

export function StageBadge({ stage }: { stage: string }) {
  const label = useStageLabel();
  return <span className="stage">{label(stage)}</span>;
}
