import type { ReactNode } from "react";
import { useId } from "react";
import { useI18n } from "../../i18n-context.tsx";

export interface LegendItem {
  readonly name: string;
  readonly series: number;
  readonly dashed?: boolean;
}

/** A chart with its title, a legend, a text summary for screen readers and its data as a table. */
export function ChartFrame({
  title,
  summary,
  legend,
  table,
  children,
}: {
  title: string;
  /** One or two sentences that say what the chart shows; read instead of the drawing. */
  summary: string;
  legend: readonly LegendItem[];
  table: ReactNode;
  children: (ids: { titleId: string; descId: string; title: string }) => ReactNode;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const descId = useId();
  return (
    <figure className="chart-frame">
      <figcaption className="chart-frame__head">
        <h3 id={titleId}>{title}</h3>
        {legend.length > 1 && (
          <ul className="chart-legend plain-list" aria-hidden="true">
            {legend.map((item) => (
              <li key={item.name}>
                <span
                  className={`chart-legend__swatch series-${item.series}${item.dashed ? " is-dashed" : ""}`}
                />
                {item.name}
              </li>
            ))}
          </ul>
        )}
      </figcaption>
      <p id={descId} className="visually-hidden">
        {summary}
      </p>
      {children({ titleId, descId, title })}
      <details className="chart-frame__data">
        <summary>{t("chart.showData")}</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </figure>
  );
}
