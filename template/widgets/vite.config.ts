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
/** zod builders whose unused top-level calls ext-apps leaves in its bundle. */
const ZOD_BUILDERS = [
  'object',
  'array',
  'union',
  'record',
  'literal',
  'string',
  'boolean',
  'never',
];

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
        // ext-apps' prebuilt app.js keeps the host-side message schemas it does not export (e.g.
        // `ui/download-file`, `ui/initialize`) as bare top-level `object({...})` statements, because
        // zod's builders carry no pure annotation. Building a zod schema only allocates it, so a
        // call whose result nobody reads can go: about 1 kB gzip of the echo widget (ADR 0023).
        // Rolldown matches the names after linking (zod's own export names) in every module; an
        // unminified build with and without them differs only in those ext-apps statements, and
        // build.test.ts checks that the schemas are gone.
        manualPureFunctions: ZOD_BUILDERS,
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
