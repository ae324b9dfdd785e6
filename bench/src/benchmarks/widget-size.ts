import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { bundleContents, type BundlePart } from '../widget-size/bundle-contents.ts';

const WIDGET = 'echo';
const GOAL_GZIP_KB = 80;
const KB = 1000;

/**
 * pomerium/chatgpt-app-typescript-template's echo widget, measured earlier on the bench machine
 * (not re-measured by this harness, which only builds our repository).
 */
const REFERENCE = {
  name: 'pomerium/chatgpt-app-typescript-template',
  jsRaw: 561,
  jsGzip: 147,
  cssRaw: 28,
  cssGzip: 6,
} as const;

interface Sizes {
  readonly raw: number;
  readonly gzip: number;
}

/** `manifest.json` → the echo widget's file names; throws when the manifest lacks them. */
function widgetFiles(manifestText: string): { js: string; css: string[] } {
  const manifest = JSON.parse(manifestText) as {
    widgets?: Record<string, { js?: unknown; css?: unknown } | undefined>;
  };
  const entry = manifest.widgets?.[WIDGET];
  const css = entry?.css ?? [];
  if (
    typeof entry?.js !== 'string' ||
    !Array.isArray(css) ||
    !css.every((f) => typeof f === 'string')
  ) {
    throw new Error(`manifest.json has no "${WIDGET}" widget with a js file and a css list`);
  }
  return { js: entry.js, css };
}

async function sizesOf(assetsDir: string, files: readonly string[]): Promise<Sizes> {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = await readFile(path.join(assetsDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw: raw / KB, gzip: gzip / KB };
}

export const widgetSize: Benchmark = {
  id: 'widget-size',
  title: 'echo widget size',
  async run(context: BenchContext) {
    const files = widgetFiles(
      await readFile(path.join(context.assetsDir, 'manifest.json'), 'utf8'),
    );
    const js = await sizesOf(context.assetsDir, [files.js]);
    const css = await sizesOf(context.assetsDir, files.css);
    const totalGzip = js.gzip + css.gzip;
    const rows: Row[] = [
      { metric: 'JS raw', unit: 'kB', value: js.raw, baseline: REFERENCE.jsRaw },
      { metric: 'JS gzip', unit: 'kB', value: js.gzip, baseline: REFERENCE.jsGzip },
      { metric: 'CSS raw', unit: 'kB', value: css.raw, baseline: REFERENCE.cssRaw },
      { metric: 'CSS gzip', unit: 'kB', value: css.gzip, baseline: REFERENCE.cssGzip },
      {
        metric: 'JS + CSS raw',
        unit: 'kB',
        value: js.raw + css.raw,
        baseline: REFERENCE.jsRaw + REFERENCE.cssRaw,
      },
      {
        metric: 'JS + CSS gzip',
        unit: 'kB',
        value: totalGzip,
        baseline: REFERENCE.jsGzip + REFERENCE.cssGzip,
        goal: { text: `≤ ${GOAL_GZIP_KB} kB`, met: totalGzip <= GOAL_GZIP_KB },
      },
    ];
    context.log(`  ${files.js} + ${files.css.join(', ')}: ${totalGzip.toFixed(1)} kB gzip`);
    context.log('  what is in the bundle (a second build, in a temporary folder)');
    const contents = contentsNote(await bundleContents(WIDGET), js.gzip);
    return {
      baselineLabel: 'pomerium template (recorded earlier)',
      rows,
      notes: [
        `Files listed for \`${WIDGET}\` in \`template/assets/manifest.json\` after \`npm run build\`: ` +
          `\`${files.js}\`${files.css.map((f) => `, \`${f}\``).join('')}.`,
        'gzip = node:zlib `gzipSync` at its default level, per file, summed. 1 kB = 1000 bytes.',
        `Reference: the ${REFERENCE.name} echo widget, measured earlier on this machine ` +
          `(${REFERENCE.jsRaw} KB JS / ${REFERENCE.jsGzip} KB gzip + ${REFERENCE.cssRaw} KB CSS / ` +
          `${REFERENCE.cssGzip} KB gzip); those figures are not re-measured by this run. ` +
          'Ratio < 1× means our widget is smaller.',
        contents,
      ],
    };
  },
};

const LISTED_PARTS = 12;

/**
 * The size list: each package's share of the bundle's rendered (pre-minification) bytes, and
 * that share of the JS gzip size as an estimate (minification and gzip shrink packages unevenly).
 */
function contentsNote(parts: readonly BundlePart[], jsGzip: number): string {
  const all = parts.reduce((sum, p) => sum + p.rendered, 0);
  const shown = parts.slice(0, LISTED_PARTS).map((p) => {
    const share = all === 0 ? 0 : p.rendered / all;
    return `${p.name} ${(p.rendered / KB).toFixed(0)} kB (${(share * 100).toFixed(1)}%, ≈ ${(share * jsGzip).toFixed(1)} kB gzip)`;
  });
  const rest = parts.slice(LISTED_PARTS).reduce((sum, p) => sum + p.rendered, 0);
  return (
    `What is in the ${WIDGET} bundle, by package (bytes Rolldown rendered into it before ` +
    'minification, from a second build of the template’s widgets with its own Vite config; the ' +
    `gzip figure is the package’s share of the JS gzip size, an estimate): ${shown.join('; ')}` +
    `${rest > 0 ? `; everything else ${(rest / KB).toFixed(0)} kB` : ''}.`
  );
}
