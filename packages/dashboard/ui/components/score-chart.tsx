import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import type { ScorePoint } from "../../src/api/api-types.ts";
import { toDate } from "../../src/i18n/format.ts";
import { useI18n } from "../i18n-context.tsx";

const CHART_HEIGHT_PX = 240;

/** Score over time; each point is one scored event, named in the legend when hovered or focused. */
export function ScoreChart({
  points,
  current,
}: {
  points: readonly ScorePoint[];
  /** The score now (decay goes on after the last event), drawn as the line's last point. */
  current?: { readonly at: number | string; readonly score: number };
}) {
  const { t, fmt } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const currentAt = current?.at;
  const currentScore = current?.score;

  useEffect(() => {
    const element = container.current;
    if (element === null || points.length === 0) return;
    const byTime = [...points].sort((a, b) => toDate(a.at).getTime() - toDate(b.at).getTime());
    const last = byTime.at(-1);
    const sorted: ScorePoint[] =
      currentAt !== undefined &&
      currentScore !== undefined &&
      last !== undefined &&
      toDate(currentAt) > toDate(last.at)
        ? [...byTime, { at: currentAt, score: currentScore, band: last.band }]
        : byTime;
    const xs = sorted.map((p) => toDate(p.at).getTime() / 1000);
    const scores = sorted.map((p) => p.score);
    const styles = getComputedStyle(element);
    const accent = styles.getPropertyValue("--accent").trim() || "#4f46e5";
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 280),
        height: CHART_HEIGHT_PX,
        cursor: { points: { size: 10 } },
        scales: { x: { time: true } },
        axes: [
          { values: (_u, splits) => splits.map((s) => fmt.shortDate(s * 1000)), stroke: "#64748b" },
          { values: (_u, splits) => splits.map((s) => fmt.integer(s)), stroke: "#64748b" },
        ],
        series: [
          {
            label: t("lead.col.when"),
            value: (_u, v) => (v === null ? "—" : fmt.dateTime(v * 1000)),
          },
          {
            label: t("lead.score"),
            stroke: accent,
            width: 2,
            fill: `${accent}1a`,
            points: { show: true, size: 7, fill: "#fff" },
            value: (_u, v, _series, index) =>
              v === null
                ? "—"
                : `${fmt.integer(v)}${index !== null && sorted[index]?.eventType ? ` · ${sorted[index].eventType}` : ""}`,
          },
        ],
      },
      [xs, scores],
      element,
    );
    // The legend shows the latest point until a person points at another one.
    const lastIndex = xs.length - 1;
    const showLatest = () =>
      plot.setCursor({
        left: plot.valToPos(xs[lastIndex] ?? 0, "x"),
        top: plot.valToPos(scores[lastIndex] ?? 0, "y"),
      });
    showLatest();
    element.addEventListener("mouseleave", showLatest);
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(element.clientWidth, 280), height: CHART_HEIGHT_PX });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      element.removeEventListener("mouseleave", showLatest);
      plot.destroy();
    };
  }, [points, currentAt, currentScore, t, fmt]);

  if (points.length === 0) return <p className="muted">{t("lead.chartEmpty")}</p>;
  return (
    <figure className="chart">
      <div ref={container} />
      <figcaption className="visually-hidden">{t("lead.chartLabel")}</figcaption>
      <ScoreEvents points={points} />
    </figure>
  );
}

const LISTED = 20;

/** The chart's points as a table: what each event did to the score (also the canvas's text form). */
function ScoreEvents({ points }: { points: readonly ScorePoint[] }) {
  const { t, fmt } = useI18n();
  const sorted = [...points].sort((a, b) => toDate(a.at).getTime() - toDate(b.at).getTime());
  const rows = sorted
    .map((point, index) => ({ point, change: point.score - (sorted[index - 1]?.score ?? 0) }))
    .reverse()
    .slice(0, LISTED);
  return (
    <details className="chart-events">
      <summary>{t("lead.chart.events", { count: fmt.integer(points.length) })}</summary>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("lead.col.when")}</th>
            <th scope="col">{t("lead.chart.event")}</th>
            <th scope="col" className="num">
              {t("lead.score")}
            </th>
            <th scope="col" className="num">
              {t("lead.chart.change")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ point, change }) => (
            <tr key={`${String(point.at)}:${point.messageId ?? ""}`}>
              <td className="small">{fmt.dateTime(point.at)}</td>
              <td>
                <code>{point.eventType ?? "—"}</code>
              </td>
              <td className="num">{fmt.integer(point.score)}</td>
              <td className="num">
                <span
                  className={
                    change > 0 ? "points points--up" : change < 0 ? "points points--down" : "points"
                  }
                >
                  {fmt.points(change)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
