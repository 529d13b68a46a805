export interface ProposedBand {
  readonly name: string;
  readonly from: number;
}

const BAND_NAMES = ["cold", "warm", "hot"] as const;

function logLikelihood(rows: number, positives: number): number {
  if (rows === 0 || positives === 0 || positives === rows) return 0;
  const rate = positives / rows;
  return positives * Math.log(rate) + (rows - positives) * Math.log(1 - rate);
}

/**
 * Cold/warm/hot thresholds where conversion changes most: the two cuts of the score axis whose
 * three bands explain the outcomes best (maximum likelihood of one conversion rate per band),
 * each band holding at least `minShare` of the leads.
 */
export function proposeBands(
  scores: readonly number[],
  labels: Uint8Array,
  scaleMin: number,
  minShare = 0.05,
): ProposedBand[] {
  const byScore = new Map<number, { rows: number; positives: number }>();
  scores.forEach((score, row) => {
    const entry = byScore.get(score) ?? { rows: 0, positives: 0 };
    entry.rows += 1;
    entry.positives += labels[row]!;
    byScore.set(score, entry);
  });
  const values = [...byScore.keys()].sort((a, b) => a - b);
  const rowsBefore = [0];
  const positivesBefore = [0];
  for (const value of values) {
    const entry = byScore.get(value)!;
    rowsBefore.push(rowsBefore[rowsBefore.length - 1]! + entry.rows);
    positivesBefore.push(positivesBefore[positivesBefore.length - 1]! + entry.positives);
  }
  const total = scores.length;
  const minRows = Math.max(1, Math.ceil(total * minShare));
  const segment = (from: number, to: number) =>
    logLikelihood(
      rowsBefore[to]! - rowsBefore[from]!,
      positivesBefore[to]! - positivesBefore[from]!,
    );
  let best: { a: number; b: number; value: number } | undefined;
  for (let a = 1; a < values.length; a += 1) {
    if (rowsBefore[a]! < minRows) continue;
    for (let b = a + 1; b < values.length; b += 1) {
      if (rowsBefore[b]! - rowsBefore[a]! < minRows) continue;
      if (total - rowsBefore[b]! < minRows) break;
      const value = segment(0, a) + segment(a, b) + segment(b, values.length);
      if (best === undefined || value > best.value) best = { a, b, value };
    }
  }
  if (best === undefined) {
    const middle = values[Math.floor(values.length / 2)];
    if (middle === undefined || middle <= scaleMin) return [{ name: "cold", from: scaleMin }];
    return [
      { name: "cold", from: scaleMin },
      { name: "hot", from: middle },
    ];
  }
  return [
    { name: BAND_NAMES[0], from: scaleMin },
    { name: BAND_NAMES[1], from: values[best.a]! },
    { name: BAND_NAMES[2], from: values[best.b]! },
  ];
}
