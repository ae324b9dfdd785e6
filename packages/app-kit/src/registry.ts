import { RESOURCE_MIME_TYPE } from './constants.ts';
import type { UiCsp, UiCspInput } from './csp.ts';
import { devAssets } from './modes/dev.ts';
import { inlineAssets } from './modes/inline.ts';
import type { ModeAssets } from './modes/mode-assets.ts';
import { productionAssets } from './modes/production.ts';
import { resolveRegistryOptions } from './registry-options.ts';
import { widgetUri } from './widget-id.ts';

/**
 * Where widget HTML comes from:
 * - `dev`: the Vite dev server (hot reload); the CSP declares its origin and HMR socket.
 * - `inline`: a watch build's output, JS and CSS inlined, re-read on every request.
 * - `production`: the build output, read once; inlined, or loaded from `baseUrl` (a CDN).
 */
export type AssetMode = 'dev' | 'inline' | 'production';

export interface WidgetRegistryOptions {
  mode: AssetMode;
  /** Absolute path of the built assets folder (with manifest.json). */
  assetsDir: string;
  /** Dev mode: absolute path of the widget sources; ids come from discoverWidgets. */
  widgetsSrcDir?: string;
  /** Dev mode (required): the widget dev server, e.g. `http://localhost:4444`. */
  devServerUrl?: string;
  /** Dev mode: how long to wait for the dev server before failing. Default 10 000 ms. */
  devServerTimeoutMs?: number;
  /** Production: public URL where assetsDir is served, e.g. `https://cdn.example.com/assets`. */
  baseUrl?: string;
  /** The app's own declared domains (APIs it calls…), merged into the CSP in every mode. */
  csp?: UiCspInput;
  /** `_meta.ui.prefersBorder`. Default true. */
  prefersBorder?: boolean;
  /** Used for the dev server; injectable for tests. */
  fetch?: typeof fetch;
}

/** One `resources/read` content item for a widget (SEP-1865 UI resource). */
export interface WidgetResource {
  uri: `ui://${string}`;
  mimeType: typeof RESOURCE_MIME_TYPE;
  text: string;
  _meta: { ui: { csp: UiCsp; prefersBorder: boolean } };
}

export interface WidgetRegistry {
  readonly mode: AssetMode;
  /** Widget ids, sorted. */
  list(): Promise<string[]>;
  has(id: string): Promise<boolean>;
  /** The widget's resource; ERR_APP_KIT_WIDGET_NOT_FOUND for an unknown id. */
  read(id: string): Promise<WidgetResource>;
}

/**
 * Serves widget documents as MCP Apps UI resources in one of three asset modes. Options are
 * checked here, synchronously: ERR_APP_KIT_OPTIONS_INVALID, ERR_APP_KIT_BASE_URL_INVALID or
 * ERR_APP_KIT_CSP_INVALID. Everything that touches files or the network happens on read.
 */
export function createWidgetRegistry(options: WidgetRegistryOptions): WidgetRegistry {
  const resolved = resolveRegistryOptions(options);
  const assets: ModeAssets =
    resolved.mode === 'dev'
      ? devAssets(resolved)
      : resolved.mode === 'inline'
        ? inlineAssets(resolved)
        : productionAssets(resolved);
  const list = async (): Promise<string[]> => (await assets.list()).sort();
  return {
    mode: resolved.mode,
    list,
    async has(id) {
      return (await list()).includes(id);
    },
    async read(id) {
      const { html, csp } = await assets.read(id);
      return {
        uri: widgetUri(id),
        mimeType: RESOURCE_MIME_TYPE,
        text: html,
        // A fresh copy per read: callers (the SDK, middleware) may mutate what they get.
        _meta: { ui: { csp: structuredClone(csp), prefersBorder: resolved.prefersBorder } },
      };
    },
  };
}
