import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  MANIFEST_FILE,
  renderWidgetHtml,
  type WidgetManifest,
  type WidgetManifestEntry,
} from '@gatehouse/app-kit';
import type { Rolldown } from 'vite';

/**
 * Writes what the server reads from the assets folder: `manifest.json` and, for people and static
 * hosting, one `<id>.html` per widget. Called after each widget's bundle is written, so it also
 * keeps the folder right in `vite build --watch` (a rebuild replaces that widget's old files).
 * Writes are synchronous so rebuilds of two widgets cannot interleave.
 */
export class WidgetOutput {
  readonly #outDir: string;
  readonly #entries = new Map<string, WidgetManifestEntry>();
  readonly #files = new Map<string, readonly string[]>();

  constructor(outDir: string) {
    this.#outDir = outDir;
  }

  /** Removes everything in the output folder (at the start of a build). */
  empty(): void {
    mkdirSync(this.#outDir, { recursive: true });
    for (const name of readdirSync(this.#outDir)) {
      rmSync(path.join(this.#outDir, name), { recursive: true, force: true });
    }
    this.#entries.clear();
    this.#files.clear();
  }

  /** Records widget `id`'s freshly written bundle and rewrites the manifest and `<id>.html`. */
  record(id: string, bundle: Rolldown.OutputBundle): void {
    const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
    const entry = chunks[0];
    // The server inlines a widget's JS into its HTML, so it must be one file with no imports.
    if (chunks.length !== 1 || entry === undefined || !entry.isEntry) {
      throw new Error(
        `Widget "${id}" was bundled into ${chunks.length} JavaScript files (${chunks
          .map((c) => c.fileName)
          .join(', ')}); expected exactly one. Remove dynamic import() calls or split the widget.`,
      );
    }
    const css = [...(entry.viteMetadata?.importedCss ?? [])];
    const files = Object.keys(bundle);
    for (const stale of this.#files.get(id) ?? []) {
      if (!files.includes(stale)) rmSync(path.join(this.#outDir, stale), { force: true });
    }
    this.#files.set(id, files);
    this.#entries.set(id, { js: entry.fileName, css });

    const html = renderWidgetHtml({
      id,
      scripts: [`./${entry.fileName}`],
      styles: css.map((file) => `./${file}`),
    });
    this.#write(`${id}.html`, html);
    const widgets = Object.fromEntries([...this.#entries].sort(([a], [b]) => a.localeCompare(b)));
    const manifest: WidgetManifest = { version: 1, widgets };
    this.#write(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /** Write then rename, so a server reading the folder never sees half a file. */
  #write(name: string, content: string): void {
    const file = path.join(this.#outDir, name);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, content);
    renameSync(temp, file);
  }
}
