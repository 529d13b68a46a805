import { useRef } from "react";
import { linearScale, niceTicks } from "../../../src/reports/chart-scale.ts";
import { ChartSvg, ValueGrid } from "./chart-svg.tsx";
import { useWidth } from "./use-width.ts";

export interface LineSeries {
  readonly name: string;
  /** Colour index (0 = the accent); points with a null y are gaps. */
  readonly series: number;
  readonly dashed?: boolean;
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
}

const HEIGHT = 260;
const PAD = { top: 12, right: 16, bottom: 40, left: 52 };

/** Lines on two linear axes, drawn as SVG at the container's width. */
export function LineChart({
  series,
  xDomain,
  yDomain,
  formatX,
  formatY,
  xLabel,
  yLabel,
  title,
  labelledBy,
  describedBy,
}: {
  series: readonly LineSeries[];
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  formatX: (value: number) => string;
  formatY: (value: number) => string;
  xLabel: string;
  yLabel: string;
  /** The chart's name, also given to the drawing. */
  title: string;
  labelledBy: string;
  describedBy: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const x = linearScale(xDomain, [PAD.left, width - PAD.right]);
  const y = linearScale(yDomain, [HEIGHT - PAD.bottom, PAD.top]);
  const xTicks = niceTicks(xDomain[0], xDomain[1], width < 420 ? 4 : 6);
  const yTicks = niceTicks(yDomain[0], yDomain[1], 4);
  return (
    <div ref={box} className="chart">
      <ChartSvg
        width={width}
        height={HEIGHT}
        title={title}
        labelledBy={labelledBy}
        describedBy={describedBy}
      >
        <ValueGrid
          ticks={yTicks}
          y={y}
          left={PAD.left}
          right={width - PAD.right}
          format={formatY}
        />
        <g className="chart__axis">
          {xTicks.map((tick) => (
            <text key={tick} x={x(tick)} y={HEIGHT - PAD.bottom + 18} textAnchor="middle">
              {formatX(tick)}
            </text>
          ))}
          <text
            x={(PAD.left + width - PAD.right) / 2}
            y={HEIGHT - 4}
            textAnchor="middle"
            className="chart__label"
          >
            {xLabel}
          </text>
          <text
            transform={`translate(12 ${(PAD.top + HEIGHT - PAD.bottom) / 2}) rotate(-90)`}
            textAnchor="middle"
            className="chart__label"
          >
            {yLabel}
          </text>
        </g>
        {series.map((line) => {
          const segments: string[] = [];
          let open = false;
          for (const point of line.points) {
            if (point.y === null) {
              open = false;
              continue;
            }
            segments.push(`${open ? "L" : "M"}${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`);
            open = true;
          }
          return (
            <g key={line.name} className={`series-${line.series}`}>
              <path
                d={segments.join("")}
                className={`chart__line${line.dashed ? " is-dashed" : ""}`}
              />
              {!line.dashed &&
                line.points.map((point) =>
                  point.y === null ? null : (
                    <circle
                      key={point.x}
                      cx={x(point.x)}
                      cy={y(point.y)}
                      r={3.5}
                      className="chart__dot"
                    />
                  ),
                )}
            </g>
          );
        })}
      </ChartSvg>
    </div>
  );
}
