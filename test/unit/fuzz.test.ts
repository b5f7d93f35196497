// Property-based fuzzing of the engine over every rule's fixtures (test/helpers/fuzz.ts says what is
// checked). `npm test` runs a few thousand cases; `npm run fuzz` runs 100,000 (FUZZ_RUNS), and a failure
// prints the seed and path to replay it with FUZZ_SEED / FUZZ_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { engineProperty, prepareEngine, seeds } from '../helpers/fuzz';
import { rules } from '../../server/src/engine/registry';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
// `npm test` replays the same cases every run (a red CI names a real regression, not a lucky draw);
// `npm run fuzz` draws a new seed each time, printed on failure.
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : RUNS <= 10_000 ? 20261126 : undefined;

test(`engine properties hold on ${RUNS} mutated and random inputs`, { timeout: 3_600_000 }, async () => {
  await prepareEngine();
  const all = seeds();
  // Every rule with text fixtures contributes seeds; the generic registry test makes sure each has some.
  assert.ok(all.length >= rules.length, `only ${all.length} seeds for ${rules.length} rules`);
  const t0 = performance.now();
  fc.assert(engineProperty(all), {
    numRuns: RUNS,
    seed: SEED,
    path: process.env.FUZZ_PATH,
    includeErrorInReport: true,
  });
  const s = (performance.now() - t0) / 1000;
  console.log(`fuzz: ${RUNS} cases from ${all.length} fixture seeds in ${s.toFixed(1)} s (${(RUNS / s).toFixed(0)} cases/s)`);
});
