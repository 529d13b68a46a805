import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import type { ScorePoint } from "../../src/api/api-types.ts";
import { toDate } from "../../src/i18n/format.ts";
import { useI18n } from "../i18n-context.tsx";

const CHART_HEIGHT_PX = 240;

/** Score over time; each point is one scored event, named in the legend when hovered or focused. */
export function ScoreChart({ points }: { points: readonly ScorePoint[] }) {
  const { t, fmt } = useI18n();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null || points.length === 0) return;
    const sorted = [...points].sort((a, b) => toDate(a.at).getTime() - toDate(b.at).getTime());
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
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(element.clientWidth, 280), height: CHART_HEIGHT_PX });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, t, fmt]);

  if (points.length === 0) return <p className="muted">{t("lead.chartEmpty")}</p>;
  return (
    <figure className="chart">
      <div ref={container} />
      <figcaption className="visually-hidden">{t("lead.chartLabel")}</figcaption>
    </figure>
  );
}
