import { defineConfig } from 'vitest/config';

// `npm test` in the template on its own: the server and widget suites, each in its environment.
export default defineConfig({
  test: {
    projects: ['server/vitest.config.ts', 'widgets/vitest.config.ts'],
  },
});
