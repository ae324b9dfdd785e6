import { mergeCsp } from '../csp.ts';
import { devServerOrigins, fetchDevWidgetHtml } from '../dev-server.ts';
import { discoverWidgets } from '../discovery.ts';
import type { ResolvedDevOptions } from '../registry-options.ts';
import { widgetNotFound } from '../widget-not-found.ts';
import type { ModeAssets } from './mode-assets.ts';

/**
 * Dev mode: ids come from the widget sources, HTML from the Vite dev server (hot reload). The
 * CSP declares the dev server for scripts and styles, plus its WebSocket for HMR.
 */
export function devAssets(options: ResolvedDevOptions): ModeAssets {
  const origins = devServerOrigins(options.devServerUrl);
  const csp = mergeCsp(options.csp, {
    resourceDomains: [origins.http],
    connectDomains: [origins.http, origins.ws],
  });
  const list = async (): Promise<string[]> =>
    (await discoverWidgets(options.widgetsSrcDir)).map((widget) => widget.id);
  return {
    list,
    async read(id) {
      const ids = await list();
      if (!ids.includes(id)) {
        throw widgetNotFound(
          id,
          options.widgetsSrcDir,
          ids,
          `Create ${options.widgetsSrcDir}/<id>.tsx to add a widget.`,
        );
      }
      const html = await fetchDevWidgetHtml({
        devServerUrl: options.devServerUrl,
        id,
        timeoutMs: options.devServerTimeoutMs,
        fetch: options.fetch,
      });
      return { html, csp };
    },
  };
}
