import path from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import type { UiCsp } from './csp.ts';
import { buildCsp } from './csp.ts';
import type { AssetMode, WidgetRegistryOptions } from './registry.ts';

/** Options after validation, one shape per mode so each mode has exactly what it needs. */
export type ResolvedRegistryOptions =
  ResolvedDevOptions | ResolvedInlineOptions | ResolvedProductionOptions;

interface ResolvedCommon {
  readonly assetsDir: string;
  /** The app's own domains, already validated and normalized. */
  readonly csp: UiCsp;
  readonly prefersBorder: boolean;
}

export interface ResolvedDevOptions extends ResolvedCommon {
  readonly mode: 'dev';
  readonly widgetsSrcDir: string;
  /** Dev server URL without a trailing slash, e.g. `http://localhost:4444`. */
  readonly devServerUrl: string;
  readonly devServerTimeoutMs: number;
  readonly fetch: typeof fetch;
}

export interface ResolvedInlineOptions extends ResolvedCommon {
  readonly mode: 'inline';
}

export interface ResolvedProductionOptions extends ResolvedCommon {
  readonly mode: 'production';
  /** Public URL of the assets folder without a trailing slash, when assets are not inlined. */
  readonly baseUrl: string | undefined;
}

const MODES: readonly AssetMode[] = ['dev', 'inline', 'production'];
const KEYS = new Set([
  'mode',
  'assetsDir',
  'widgetsSrcDir',
  'devServerUrl',
  'devServerTimeoutMs',
  'baseUrl',
  'csp',
  'prefersBorder',
  'fetch',
]);
const DEFAULT_DEV_SERVER_TIMEOUT_MS = 10_000;

/** Validates registry options up front, so a misconfigured server fails at start, not at read. */
export function resolveRegistryOptions(options: WidgetRegistryOptions): ResolvedRegistryOptions {
  const unknown = Object.keys(options).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) throw invalid(`unknown option ${unknown.join(', ')}`);
  if (!MODES.includes(options.mode)) {
    throw invalid(`mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(options.mode)}`);
  }
  const common: ResolvedCommon = {
    assetsDir: absoluteDir('assetsDir', options.assetsDir),
    csp: buildCsp(options.csp ?? {}),
    prefersBorder: options.prefersBorder ?? true,
  };
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalid('fetch must be a function');
  }
  switch (options.mode) {
    case 'dev':
      return { ...common, mode: 'dev', ...devOptions(options) };
    case 'inline':
      return { ...common, mode: 'inline' };
    case 'production':
      return { ...common, mode: 'production', baseUrl: baseUrlOption(options.baseUrl) };
  }
}

function devOptions(
  options: WidgetRegistryOptions,
): Omit<ResolvedDevOptions, keyof ResolvedCommon | 'mode'> {
  if (options.devServerUrl === undefined) {
    throw invalid('dev mode needs devServerUrl (e.g. http://localhost:4444)');
  }
  if (options.widgetsSrcDir === undefined) {
    throw invalid('dev mode needs widgetsSrcDir (the folder with the widget sources)');
  }
  const url = httpUrl(options.devServerUrl);
  if (url === undefined) {
    throw invalid(
      `devServerUrl must be an absolute http(s) URL without query or fragment, got ${JSON.stringify(options.devServerUrl)}`,
    );
  }
  const timeout = options.devServerTimeoutMs ?? DEFAULT_DEV_SERVER_TIMEOUT_MS;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw invalid('devServerTimeoutMs must be a positive number of milliseconds');
  }
  return {
    widgetsSrcDir: absoluteDir('widgetsSrcDir', options.widgetsSrcDir),
    devServerUrl: url,
    devServerTimeoutMs: timeout,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

function baseUrlOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = httpUrl(value);
  if (url === undefined) {
    throw new GatehouseError(
      'ERR_APP_KIT_BASE_URL_INVALID',
      `baseUrl must be an absolute http(s) URL without query or fragment, such as ` +
        `https://cdn.example.com/assets; got ${JSON.stringify(value)}.`,
    );
  }
  return url;
}

/** `value` as an absolute http(s) URL string without trailing slash, or undefined if unusable. */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const ok =
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !value.includes('?') &&
    !value.includes('#');
  return ok ? url.href.replace(/\/+$/, '') : undefined;
}

function absoluteDir(name: string, value: unknown): string {
  if (typeof value !== 'string' || !path.isAbsolute(value)) {
    throw invalid(`${name} must be an absolute path, got ${JSON.stringify(value)}`);
  }
  return value;
}

function invalid(why: string): GatehouseError {
  return new GatehouseError('ERR_APP_KIT_OPTIONS_INVALID', `Widget registry options: ${why}.`);
}
