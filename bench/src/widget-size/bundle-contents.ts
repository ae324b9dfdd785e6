import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBuilder, type Plugin } from 'vite';

const CONFIG = path.resolve(import.meta.dirname, '../../../template/widgets/vite.config.ts');

/** One package (or the widget's own source) in the bundle. */
export interface BundlePart {
  /** npm package name, or `widget source` for the template's own files. */
  readonly name: string;
  /** Bytes of its code as rendered into the bundle, before minification. */
  readonly rendered: number;
}

/** `…/node_modules/@scope/pkg/…` → `@scope/pkg`; files outside node_modules → widget source. */
function packageOf(id: string): string {
  const at = id.lastIndexOf('/node_modules/');
  if (at < 0) return 'widget source';
  const parts = id.slice(at + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? id);
}

/**
 * Builds the template's widgets once more (the template's own Vite config, into a temporary
 * folder) and sums, per package, the bytes Rolldown rendered into the `widget` bundle: what is
 * in it, before minification. Rolldown reports rendered lengths per module; minified and
 * gzipped sizes exist only for the whole file.
 */
export async function bundleContents(widget: string): Promise<BundlePart[]> {
  const totals = new Map<string, number>();
  const collect: Plugin = {
    name: 'bench:bundle-contents',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk.name !== widget) continue;
        for (const [id, module] of Object.entries(chunk.modules)) {
          const name = packageOf(id);
          totals.set(name, (totals.get(name) ?? 0) + module.renderedLength);
        }
      }
    },
  };
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-widgets-'));
  const previous = process.env['WIDGETS_OUT_DIR'];
  process.env['WIDGETS_OUT_DIR'] = outDir; // the template's config reads its output folder here
  try {
    const builder = await createBuilder({
      configFile: CONFIG,
      logLevel: 'silent',
      plugins: [collect],
    });
    await builder.buildApp();
  } finally {
    if (previous === undefined) delete process.env['WIDGETS_OUT_DIR'];
    else process.env['WIDGETS_OUT_DIR'] = previous;
    await rm(outDir, { recursive: true, force: true });
  }
  return [...totals]
    .map(([name, rendered]) => ({ name, rendered }))
    .sort((a, b) => b.rendered - a.rendered);
}
