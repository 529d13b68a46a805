import { useRef } from "react";
import { linearScale, niceMax, niceTicks } from "../../../src/reports/chart-scale.ts";
import { ChartSvg, ValueGrid } from "./chart-svg.tsx";
import { useWidth } from "./use-width.ts";

export interface BarGroup {
  readonly label: string;
  /** One value per series; null draws nothing (no leads in the group). */
  readonly values: readonly (number | null)[];
}

const HEIGHT = 240;
const PAD = { top: 22, right: 12, bottom: 36, left: 48 };

/** Vertical bars grouped by category, one colour per series, each bar labelled with its value. */
export function BarChart({
  groups,
  seriesCount,
  formatValue,
  yMax,
  title,
  labelledBy,
  describedBy,
  seriesOffset = 0,
  integers = false,
}: {
  groups: readonly BarGroup[];
  seriesCount: number;
  formatValue: (value: number) => string;
  yMax?: number;
  /** The chart's name, also given to the drawing. */
  title: string;
  labelledBy: string;
  describedBy: string;
  /** Colour of the first series (another model's colour). */
  seriesOffset?: number;
  /** Counts: the axis only shows whole numbers. */
  integers?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const top = yMax ?? niceMax(groups.flatMap((group) => group.values.map((v) => v ?? 0)));
  const y = linearScale([0, top], [HEIGHT - PAD.bottom, PAD.top]);
  const slot = (width - PAD.left - PAD.right) / Math.max(1, groups.length);
  const barWidth = Math.min(44, (slot * 0.72) / seriesCount);
  const ticks = niceTicks(0, top, 4).filter((tick) => !integers || Number.isInteger(tick));
  const narrow = slot < 70;
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
          ticks={ticks}
          y={y}
          left={PAD.left}
          right={width - PAD.right}
          format={formatValue}
        />
        {groups.map((group, index) => {
          const center = PAD.left + slot * (index + 0.5);
          const start = center - (barWidth * seriesCount) / 2;
          return (
            <g key={group.label}>
              {group.values.map((value, series) => {
                if (value === null) return null;
                const left = start + series * barWidth;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one bar per series, in series order
                  <g key={series} className={`series-${series + seriesOffset}`}>
                    <rect
                      x={left + 1}
                      y={y(value)}
                      width={barWidth - 2}
                      height={Math.max(0, y(0) - y(value))}
                      rx={3}
                      className="chart__bar"
                    />
                    {!(narrow && seriesCount > 1) && (
                      <text
                        x={left + barWidth / 2}
                        y={y(value) - 5}
                        textAnchor="middle"
                        className="chart__value"
                      >
                        {formatValue(value)}
                      </text>
                    )}
                  </g>
                );
              })}
              <text
                x={center}
                y={HEIGHT - PAD.bottom + 18}
                textAnchor="middle"
                className="chart__axis chart__category"
              >
                {group.label}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    </div>
  );
}
