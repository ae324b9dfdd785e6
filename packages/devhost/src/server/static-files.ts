import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { readonly kind: 'file'; readonly path: string; readonly body: Buffer }
  | { readonly kind: 'forbidden' }
  /** Not a file: the SPA fallback applies when the last segment has no extension. */
  | { readonly kind: 'missing'; readonly spaRoute: boolean };

/**
 * Finds `pathname` (still percent-encoded) under `root`. Refuses anything that would leave
 * `root` after decoding (`..`, encoded slashes, NUL, symlinks pointing out) and dot-files.
 */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'forbidden' };
  const base = resolve(root);
  const target = resolve(join(base, ...segments));
  if (target !== base && !target.startsWith(base + sep)) return { kind: 'forbidden' };
  const last = segments.at(-1) ?? '';
  const spaRoute = !last.includes('.');
  try {
    const info = await stat(target);
    if (!info.isFile()) return { kind: 'missing', spaRoute };
    const real = await realpath(target);
    const realBase = await realpath(base);
    if (!real.startsWith(realBase + sep)) return { kind: 'forbidden' };
    return { kind: 'file', path: target, body: await readFile(target) };
  } catch {
    return { kind: 'missing', spaRoute };
  }
}
