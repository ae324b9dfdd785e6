import { readdir } from 'node:fs/promises';
import { GatehouseError } from '@gatehouse/core';
import { findBuildReferences, stripSourceMapComments } from './build-references.ts';
import { MANIFEST_FILE } from './constants.ts';
import { renderWidgetHtml } from './html.ts';
import type { WidgetManifest } from './manifest.ts';
import { manifestEntry, readAsset } from './widget-assets.ts';

const NOT_LOADED = /\.(?:map|html|tmp)$/;

/**
 * Builds a self-contained widget document: the entry JS and its CSS go inside the HTML, so the
 * host needs no asset origin in the CSP and nothing points at localhost or at the build folder.
 * Throws ERR_APP_KIT_WIDGET_NOT_FOUND, ERR_APP_KIT_ASSET_MISSING or
 * ERR_APP_KIT_INLINE_UNSUPPORTED (the bundle loads other files of the build at run time).
 */
export async function inlineWidget(
  assetsDir: string,
  id: string,
  manifest: WidgetManifest,
): Promise<string> {
  const entry = manifestEntry(assetsDir, id, manifest);
  const js = stripSourceMapComments(await readAsset(assetsDir, id, entry.js));
  const css: string[] = [];
  for (const file of entry.css) {
    css.push(stripSourceMapComments(await readAsset(assetsDir, id, file)));
  }
  // Files a bundle could load at run time. Not: its own files, the manifest, source maps (their
  // comments are stripped) and the build's `<id>.html` pages (no bundle loads a page).
  const own = new Set([entry.js, ...entry.css, MANIFEST_FILE]);
  const others = (await readdir(assetsDir, { withFileTypes: true }))
    .filter((dirent) => dirent.isFile() && !own.has(dirent.name) && !NOT_LOADED.test(dirent.name))
    .map((dirent) => dirent.name);
  const references = findBuildReferences([js, ...css].join('\n'), others);
  if (references.length > 0) {
    throw new GatehouseError(
      'ERR_APP_KIT_INLINE_UNSUPPORTED',
      `Widget "${id}" cannot be inlined: its bundle loads ${references.map((r) => `"${r}"`).join(', ')} ` +
        'at run time, which an inlined document cannot reach. The widget build must produce one ' +
        'JS chunk per widget (no dynamic import(), no code splitting) and inline small assets; ' +
        'check the widget Vite config, then run `npm run build:widgets`.',
    );
  }
  return renderWidgetHtml({ id, inlineScripts: [js], inlineStyles: css });
}
