import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev host web app. `npm run build --workspace packages/devhost` writes dist/app, which the
// dev host server serves at / (with /config.json and the SPA fallback for /oauth/callback).
// No inline scripts: the host page CSP is script-src 'self'.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/app',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle on purpose: the dev host is loaded from localhost, once, and the MCP SDK client,
    // ext-apps' AppBridge and React are all needed for the first paint (≈600 kB, 170 kB gzip).
    // Splitting it buys nothing here; the limit sits above that size so a real jump still warns.
    chunkSizeWarningLimit: 800,
  },
});
