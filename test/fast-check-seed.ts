/**
 * Every property test draws the same values on every run, so a run of
 * `npm test` passes or fails on the tree alone, not on the draw.
 * PLN_TEST_SEED=N draws others; PLN_TEST_SEED=random draws new ones each run
 * (a failure prints the seed that reproduces it).
 */
import fc from 'fast-check';

const asked = process.env.PLN_TEST_SEED;
if (asked !== 'random') {
  const seed = asked === undefined || asked === '' ? 20261202 : Number(asked);
  if (!Number.isSafeInteger(seed)) throw new Error(`PLN_TEST_SEED must be a whole number or "random", not "${asked}"`);
  fc.configureGlobal({ seed });
}
