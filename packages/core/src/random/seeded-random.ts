/**
 * A deterministic pseudo-random source (mulberry32): small, fast, and good enough for synthetic
 * histories, benchmarks and sampling. Not for secrets.
 * @example const next = seededRandom(42); next(); // 0 <= x < 1, the same sequence for the same seed
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
