import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Widget tests: components in happy-dom; the build test switches itself to node.
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'widgets',
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    // The build test runs vite; on a loaded 2-core machine the 5 s default is too short.
    testTimeout: 120_000,
  },
});
