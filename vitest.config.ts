import { defineConfig } from 'vitest/config';

// One run for the whole monorepo; each project keeps its own environment.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'packages',
          include: ['packages/*/test/**/*.test.ts'],
          environment: 'node',
          // Reserves one PostgreSQL cluster per run, started by the first test that needs it.
          globalSetup: ['packages/testing/src/postgres/global-setup.ts'],
          // Many of these tests spawn processes or start real servers; on a loaded 2-core machine
          // vitest's 5 s default failed healthy tests. Timing goals live in bench/ instead.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      'template/server/vitest.config.ts',
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['packages/testing/src/postgres/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      'template/widgets/vitest.config.ts',
    ],
  },
});
