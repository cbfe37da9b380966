import { defineConfig } from 'vitest/config';

// Tests pin the time zone; the clock is frozen per test where output carries a date.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the seed of every fast-check property: FUZZ_SEED, else under CI the commit's (see the file)
    setupFiles: ['test/helpers/fast-check-seed.ts'],
  },
});
