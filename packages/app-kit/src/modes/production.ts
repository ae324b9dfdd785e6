import { mergeCsp } from '../csp.ts';
import { renderWidgetHtml } from '../html.ts';
import { inlineWidget } from '../inline.ts';
import type { WidgetManifest } from '../manifest.ts';
import { readManifest } from '../manifest.ts';
import type { ResolvedProductionOptions } from '../registry-options.ts';
import { assertAssetsExist, manifestEntry } from '../widget-assets.ts';
import type { ModeAssets } from './mode-assets.ts';

/**
 * Production: the build does not change while the server runs, so the manifest and each
 * widget's HTML are computed once. With `baseUrl` the document loads its files from there and
 * the CSP declares that origin; without it the document is inlined. Failures are not cached, so
 * a fixed assets folder is picked up on the next read.
 */
export function productionAssets(options: ResolvedProductionOptions): ModeAssets {
  const { assetsDir, baseUrl } = options;
  const csp =
    baseUrl === undefined
      ? options.csp
      : mergeCsp(options.csp, { resourceDomains: [new URL(baseUrl).origin] });

  let manifest: Promise<WidgetManifest> | undefined;
  const loadManifest = (): Promise<WidgetManifest> =>
    (manifest ??= readManifest(assetsDir).catch((error: unknown) => {
      manifest = undefined;
      throw error;
    }));

  const pages = new Map<string, Promise<string>>();
  const render = async (id: string): Promise<string> => {
    const current = await loadManifest();
    if (baseUrl === undefined) return inlineWidget(assetsDir, id, current);
    const entry = manifestEntry(assetsDir, id, current);
    await assertAssetsExist(assetsDir, id, entry);
    return renderWidgetHtml({
      id,
      scripts: [`${baseUrl}/${entry.js}`],
      styles: entry.css.map((file) => `${baseUrl}/${file}`),
    });
  };

  return {
    async list() {
      return Object.keys((await loadManifest()).widgets);
    },
    async read(id) {
      let page = pages.get(id);
      if (page === undefined) {
        page = render(id);
        pages.set(id, page);
        page.catch(() => pages.delete(id));
      }
      return { html: await page, csp };
    },
  };
}
