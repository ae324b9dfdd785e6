import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'template-server',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
