import { inlineWidget } from '../inline.ts';
import { readManifest } from '../manifest.ts';
import type { ResolvedInlineOptions } from '../registry-options.ts';
import type { ModeAssets } from './mode-assets.ts';

/**
 * Inline mode (a watch build, no dev server): the manifest is read on every call because the
 * watcher rewrites it, and each document carries its JS and CSS, so the CSP needs no asset origin.
 */
export function inlineAssets(options: ResolvedInlineOptions): ModeAssets {
  return {
    async list() {
      return Object.keys((await readManifest(options.assetsDir)).widgets);
    },
    async read(id) {
      const manifest = await readManifest(options.assetsDir);
      return { html: await inlineWidget(options.assetsDir, id, manifest), csp: options.csp };
    },
  };
}
