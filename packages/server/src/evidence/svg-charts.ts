// Small inline SVG charts for the self-contained report: no scripts, no network.

const WIDTH = 360;
const HEIGHT = 220;
const PAD = 36;

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function frame(title: string, body: string, xLabel: string, yLabel: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">
<line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - 8}" y2="${HEIGHT - PAD}" stroke="#888"/>
<line x1="${PAD}" y1="8" x2="${PAD}" y2="${HEIGHT - PAD}" stroke="#888"/>
<text x="${WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle" font-size="11">${escapeHtml(xLabel)}</text>
<text x="10" y="${HEIGHT / 2}" font-size="11" transform="rotate(-90 10 ${HEIGHT / 2})" text-anchor="middle">${escapeHtml(yLabel)}</text>
${body}</svg></figure>`;
}

const x = (share: number) => PAD + share * (WIDTH - 8 - PAD);
const y = (share: number) => HEIGHT - PAD - share * (HEIGHT - PAD - 8);

/** Cumulative gains: share of positives found against share of leads called, best first. */
export function gainsChart(series: readonly { name: string; gains: readonly number[] }[]): string {
  const colours = ["#1f6feb", "#d97706", "#16a34a"];
  const lines = series.map((entry, index) => {
    const points = [
      [0, 0],
      ...entry.gains.map((gain, decile) => [(decile + 1) / entry.gains.length, gain]),
    ]
      .map(([share, gain]) => `${x(share!).toFixed(1)},${y(gain!).toFixed(1)}`)
      .join(" ");
    const colour = colours[index % colours.length]!;
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/><text x="${x(0.55)}" y="${y(0.2) + index * 14}" font-size="11" fill="${colour}">${escapeHtml(entry.name)}</text>`;
  });
  const diagonal = `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 3"/>`;
  return frame(
    "Cumulative gains",
    diagonal + lines.join(""),
    "share of leads (highest scores first)",
    "share of conversions",
  );
}

/** One bar per label; heights are conversion rates (0 … the largest rate). */
export function barChart(
  title: string,
  bars: readonly { label: string; value: number | null }[],
  xLabel: string,
): string {
  const top = Math.max(0.0001, ...bars.map((bar) => bar.value ?? 0));
  const slot = (WIDTH - 8 - PAD) / Math.max(1, bars.length);
  const body = bars
    .map((bar, index) => {
      const height = ((bar.value ?? 0) / top) * (HEIGHT - PAD - 20);
      const left = PAD + index * slot + slot * 0.15;
      const label = bar.value === null ? "–" : `${(bar.value * 100).toFixed(1)}%`;
      return `<rect x="${left.toFixed(1)}" y="${(HEIGHT - PAD - height).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${height.toFixed(1)}" fill="#1f6feb"/>
<text x="${(left + slot * 0.35).toFixed(1)}" y="${(HEIGHT - PAD - height - 3).toFixed(1)}" font-size="9" text-anchor="middle">${label}</text>
<text x="${(left + slot * 0.35).toFixed(1)}" y="${HEIGHT - PAD + 12}" font-size="9" text-anchor="middle">${escapeHtml(bar.label)}</text>`;
    })
    .join("");
  return frame(title, body, xLabel, "conversion");
}
