import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendJson } from './json.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built widget assets under /assets/ so BASE_URL can point at this server.
 * Widgets run in sandboxed iframes (origin `null`) and load module scripts, which need CORS,
 * so these public, immutable files are served with `Access-Control-Allow-Origin: *`.
 */
export async function serveAsset(
  req: IncomingMessage,
  res: ServerResponse,
  assetsDir: string,
  relative: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'Method not allowed' }, { Allow: 'GET, HEAD' });
    return;
  }
  // Only plain file names: no sub-paths, no dot files, nothing that can climb out of assetsDir.
  const name = decodeSafe(relative);
  if (name === undefined || !/^[\w-][\w.-]*$/.test(name)) {
    sendJson(res, 404, { error: 'Not found' });
    return;
  }
  const file = path.join(assetsDir, name);
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    sendJson(res, 404, { error: 'Not found' });
    return;
  }
  const hashed = /-[A-Za-z0-9_-]{8,}\.(?:js|css)$/.test(name);
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(name)] ?? 'application/octet-stream',
    'Content-Length': info.size.toString(),
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function decodeSafe(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
