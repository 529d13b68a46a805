import type { ReactNode } from "react";

/** The drawing of a chart: an SVG image named by the frame's title and summary. */
export function ChartSvg({
  width,
  height,
  title,
  labelledBy,
  describedBy,
  children,
}: {
  width: number;
  height: number;
  title: string;
  labelledBy: string;
  describedBy: string;
  children: ReactNode;
}) {
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
    >
      <title>{title}</title>
      {children}
    </svg>
  );
}

/** Horizontal grid lines at the value axis's ticks, with their labels on the left. */
export function ValueGrid({
  ticks,
  y,
  left,
  right,
  format,
}: {
  ticks: readonly number[];
  y: (value: number) => number;
  left: number;
  right: number;
  format: (value: number) => string;
}) {
  return (
    <>
      <g className="chart__grid">
        {ticks.map((tick) => (
          <line key={tick} x1={left} x2={right} y1={y(tick)} y2={y(tick)} />
        ))}
      </g>
      <g className="chart__axis">
        {ticks.map((tick) => (
          <text key={tick} x={left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
            {format(tick)}
          </text>
        ))}
      </g>
    </>
  );
}
