import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { widgetsPlugin } from './plugin/index.ts';

// Composition root of the widget build: reads the environment, wires the plugins.
//   WIDGET_PORT      dev server port (default 4444)
//   WIDGETS_OUT_DIR  build output folder (default template/assets), relative to the current directory
const root = path.dirname(fileURLToPath(import.meta.url));
const MCP_SDK_MODULE = /[\\/]node_modules[\\/]@modelcontextprotocol[\\/]/;

export default defineConfig({
  root,
  plugins: [
    react(),
    tailwindcss(),
    widgetsPlugin({
      widgetsDir: path.join(root, 'src/widgets'),
      outDir: path.resolve(process.env['WIDGETS_OUT_DIR'] ?? path.join(root, '../assets')),
      devPort: parsePort(process.env['WIDGET_PORT'] ?? '4444'),
    }),
  ],
  build: {
    rolldownOptions: {
      treeshake: {
        // The MCP SDK packages ship without a `sideEffects` field, so Rolldown keeps every
        // module a widget reaches through them. Their modules only define exports, so a module
        // none of whose exports the widget uses (the `Client` class, OAuth, the JSON Schema
        // validator shim) is dropped: about 2 kB gzip of the echo widget.
        moduleSideEffects: [{ test: MCP_SDK_MODULE, sideEffects: false }],
      },
    },
  },
});

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new Error(`WIDGET_PORT must be a TCP port number (1-65535), got "${value}".`);
  }
  return port;
}
