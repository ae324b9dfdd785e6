import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';

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
      ],
    };
  },
};
