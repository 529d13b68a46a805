import { dateInputValue, HORIZONS } from "../../../src/reports/periods.ts";
import { useI18n } from "../../i18n-context.tsx";

export interface BacktestWindow {
  readonly cutoff: string;
  readonly horizon: string;
}

/** The cutoff day (scores as of then) and the horizon (conversions counted in the days after). */
export function BacktestWindowFields({
  value,
  onChange,
}: {
  value: BacktestWindow;
  onChange: (next: BacktestWindow) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="field field--inline">
        <span className="field__label">{t("report.cutoff")}</span>
        <input
          type="date"
          value={value.cutoff}
          max={dateInputValue(Date.now())}
          required
          onChange={(event) =>
            event.target.value !== "" && onChange({ ...value, cutoff: event.target.value })
          }
        />
      </label>
      <label className="field field--inline">
        <span className="field__label">{t("report.horizon")}</span>
        <select
          value={value.horizon}
          onChange={(event) => onChange({ ...value, horizon: event.target.value })}
        >
          {HORIZONS.map((horizon) => (
            <option key={horizon} value={horizon}>
              {t(`report.horizon.${horizon}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
