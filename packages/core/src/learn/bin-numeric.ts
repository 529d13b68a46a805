export interface BinOptions {
  readonly maxBins: number;
  readonly minBinRows: number;
}

/** The shortest decimal in (low, high], so a `gte` edge reads well and separates the two values. */
export function niceEdge(low: number, high: number): number {
  if (Number(high.toPrecision(4)) === high) return high;
  const middle = (low + high) / 2;
  for (let digits = 1; digits <= 15; digits += 1) {
    const candidate = Number(middle.toPrecision(digits));
    if (candidate > low && candidate <= high) return candidate;
  }
  return high;
}

/**
 * Edges of near-equal-frequency bins over the sorted values: a bin is `edge[i-1] <= v < edge[i]`.
 * A long run of one value (zeros, say) fills one bin and the rest is still split finely.
 */
export function binEdges(sortedValues: readonly number[], options: BinOptions): number[] {
  const distinct: { value: number; count: number }[] = [];
  for (const value of sortedValues) {
    const last = distinct[distinct.length - 1];
    if (last !== undefined && last.value === value) last.count += 1;
    else distinct.push({ value, count: 1 });
  }
  const edges: number[] = [];
  let remaining = sortedValues.length;
  let binsLeft = options.maxBins;
  let inBin = 0;
  for (let index = 0; index < distinct.length - 1; index += 1) {
    inBin += distinct[index]!.count;
    const target = Math.max(options.minBinRows, remaining / binsLeft);
    const after = remaining - inBin;
    if (binsLeft > 1 && inBin >= target && after >= options.minBinRows) {
      edges.push(niceEdge(distinct[index]!.value, distinct[index + 1]!.value));
      remaining = after;
      binsLeft -= 1;
      inBin = 0;
    }
  }
  return edges;
}

/** Index of the bin holding `value` (0 … edges.length). */
export function binIndex(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value >= edges[middle]!) low = middle + 1;
    else high = middle;
  }
  return low;
}
