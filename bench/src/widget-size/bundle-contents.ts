import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createBuilder, type Plugin } from 'vite';
import { decodeMappings, segmentAt, type Segment } from './source-map.ts';

const TEMPLATE = path.resolve(import.meta.dirname, '../../../template');
const CONFIG = path.join(TEMPLATE, 'widgets/vite.config.ts');
const WIDGET_SOURCE = 'widget source';

/** One source file's share of the minified bundle. */
export interface BundleFile {
  /** Path inside its package (or inside `template/` for the widget's own files). */
  readonly file: string;
  /** Minified bytes of the bundle that the source map attributes to this file. */
  readonly minified: number;
  /** Those bytes gzipped on their own (an estimate of the file's share of the gzip size). */
  readonly gzip: number;
}

/** One npm package (or the widget's own source) in the bundle, with its files. */
export interface BundlePart {
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
  /** Largest first. */
  readonly files: readonly BundleFile[];
}

interface RawMap {
  readonly sources: readonly string[];
  readonly sourceRoot?: string;
  readonly mappings: string;
}

/** A dependency's own source map (next to its dist file), decoded once. */
interface InnerMap {
  readonly sources: readonly string[];
  readonly lines: readonly Segment[][];
}

/** `…/node_modules/@scope/pkg/dist/x.js` → [`@scope/pkg`, `dist/x.js`]; else the widget source. */
function packageOf(file: string): [string, string] {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return [WIDGET_SOURCE, path.relative(TEMPLATE, file)];
  const parts = file.slice(at + '/node_modules/'.length).split('/');
  const scoped = parts[0]?.startsWith('@') === true;
  const name = parts.slice(0, scoped ? 2 : 1).join('/');
  return [name, parts.slice(scoped ? 2 : 1).join('/')];
}

/** A source named by a dependency's own map, without its build machine's relative prefix. */
function innerLabel(source: string): string {
  const vendored = source.lastIndexOf('node_modules/');
  const trimmed = vendored >= 0 ? source.slice(vendored + 'node_modules/'.length) : source;
  return trimmed.replace(/^(\.\.\/)+/, '').replace(/^\.pnpm\/[^/]+\//, '');
}

class Attribution {
  readonly #pieces = new Map<string, Map<string, string[]>>();
  readonly #inner = new Map<string, InnerMap | undefined>();

  add(name: string, file: string, code: string): void {
    let files = this.#pieces.get(name);
    if (files === undefined) this.#pieces.set(name, (files = new Map<string, string[]>()));
    const list = files.get(file);
    if (list === undefined) files.set(file, [code]);
    else list.push(code);
  }

  /** Where `segment` of the bundle really came from: the dist file, or through its own map. */
  locate(absolute: string, segment: Segment): [string, string] {
    const [name, file] = packageOf(absolute);
    if (name === WIDGET_SOURCE) return [name, file];
    const inner = this.#innerMap(absolute);
    const line = inner?.lines[segment.line];
    const hit = line === undefined ? undefined : segmentAt(line, segment.sourceColumn);
    const source = hit === undefined ? undefined : inner?.sources[hit.source];
    return [name, source === undefined ? file : innerLabel(source)];
  }

  parts(): BundlePart[] {
    const gzip = (pieces: readonly string[]) => gzipSync(pieces.join('')).length;
    const length = (pieces: readonly string[]) => pieces.reduce((sum, p) => sum + p.length, 0);
    return [...this.#pieces]
      .map(([name, files]) => ({
        name,
        minified: length([...files.values()].flat()),
        gzip: gzip([...files.values()].flat()),
        files: [...files]
          .map(([file, pieces]) => ({ file, minified: length(pieces), gzip: gzip(pieces) }))
          .sort((a, b) => b.minified - a.minified),
      }))
      .sort((a, b) => b.minified - a.minified);
  }

  #innerMap(absolute: string): InnerMap | undefined {
    if (!this.#inner.has(absolute)) {
      const mapFile = `${absolute}.map`;
      const raw = existsSync(mapFile)
        ? (JSON.parse(readFileSync(mapFile, 'utf8')) as RawMap)
        : undefined;
      this.#inner.set(
        absolute,
        raw === undefined
          ? undefined
          : { sources: raw.sources, lines: decodeMappings(raw.mappings) },
      );
    }
    return this.#inner.get(absolute);
  }
}

/**
 * Every byte of the minified bundle, attributed through the build's source map to the file it
 * came from (and, for a dependency that ships its own source map, to the file inside it).
 */
function attribute(code: string, map: RawMap, outDir: string): BundlePart[] {
  const attribution = new Attribution();
  const root = path.resolve(outDir, map.sourceRoot ?? '');
  const sources = map.sources.map((s) => path.resolve(root, s));
  const lines = decodeMappings(map.mappings);
  code.split('\n').forEach((text, index) => {
    const segments = lines[index] ?? [];
    const first = segments[0]?.column ?? text.length;
    if (first > 0) attribution.add('(unmapped)', '', text.slice(0, first));
    segments.forEach((segment, i) => {
      const end = segments[i + 1]?.column ?? text.length;
      const absolute = sources[segment.source];
      const [name, file] =
        absolute === undefined ? ['(unmapped)', ''] : attribution.locate(absolute, segment);
      attribution.add(name, file, text.slice(segment.column, end));
    });
  });
  return attribution.parts();
}

/**
 * Builds the template's widgets once more (the template's own Vite config plus source maps, into
 * a temporary folder) and says what the minified `widget` bundle is made of, per package and file.
 */
export async function bundleContents(widget: string): Promise<BundlePart[]> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-widgets-'));
  let parts: BundlePart[] | undefined;
  const collect: Plugin = {
    name: 'bench:bundle-contents',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk.name !== widget) continue;
        if (chunk.map === null) throw new Error('The widget build produced no source map');
        parts = attribute(chunk.code, chunk.map, outDir);
      }
    },
  };
  const previous = process.env['WIDGETS_OUT_DIR'];
  process.env['WIDGETS_OUT_DIR'] = outDir; // the template's config reads its output folder here
  try {
    const builder = await createBuilder({
      configFile: CONFIG,
      logLevel: 'silent',
      plugins: [collect],
      build: { sourcemap: true },
    });
    await builder.buildApp();
  } finally {
    if (previous === undefined) delete process.env['WIDGETS_OUT_DIR'];
    else process.env['WIDGETS_OUT_DIR'] = previous;
    await rm(outDir, { recursive: true, force: true });
  }
  if (parts === undefined) throw new Error(`The widget build produced no "${widget}" chunk`);
  return parts;
}
