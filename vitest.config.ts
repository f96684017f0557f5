import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Ceilings for a shared, busy machine (tests wait for events, never for fixed times).
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
