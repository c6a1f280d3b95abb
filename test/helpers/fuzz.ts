/**
 * Cases for a property: `n` as sized for `npm test`, scaled by
 * PLN_FUZZ_RUNS / 1,000 for a deeper (or quicker) run: PLN_FUZZ_RUNS=20000
 * runs twenty times as many of every property.
 */
export function fuzzRuns(n: number): number {
  const asked = process.env.PLN_FUZZ_RUNS;
  if (asked === undefined || asked === '') return n;
  const scale = Number(asked) / 1000;
  if (!(scale > 0)) throw new Error(`PLN_FUZZ_RUNS must be a positive number, not "${asked}"`);
  return Math.max(1, Math.round(n * scale));
}
