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
  },
});
