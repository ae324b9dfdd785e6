import { fetchText, header, type ProbeSettings } from '../http.ts';
import { pass, warn, type CheckResult } from '../types.ts';

const REQUESTED_HEADERS = [
  'authorization',
  'content-type',
  'mcp-protocol-version',
  'mcp-session-id',
];

/**
 * A browser-based host (the MCP Inspector, web clients) preflights every MCP request. ChatGPT
 * and Claude connect from their servers, so a failure here is a warning, not a failure.
 * `Authorization` is never covered by a `*` wildcard (Fetch standard, CORS-protocol).
 */
export async function checkCors(
  mcp: URL,
  origin: string,
  settings: ProbeSettings,
): Promise<CheckResult> {
  const id = 'cors';
  const res = await fetchText(
    mcp,
    {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': REQUESTED_HEADERS.join(', '),
      },
    },
    settings,
  );
  const fix = `answer OPTIONS on the MCP URL with 204, Access-Control-Allow-Origin, -Methods: POST and -Headers listing ${REQUESTED_HEADERS.join(', ')}`;
  if (res.status < 200 || res.status >= 300)
    return warn(
      id,
      `preflight from ${origin} answered ${String(res.status)}: browser-based clients cannot connect`,
      fix,
    );
  const allowOrigin = header(res.headers, 'access-control-allow-origin');
  if (allowOrigin !== '*' && allowOrigin !== origin)
    return warn(
      id,
      `preflight from ${origin} not allowed (Access-Control-Allow-Origin: ${allowOrigin || 'none'})`,
      fix,
    );
  const allowed = header(res.headers, 'access-control-allow-headers')
    .toLowerCase()
    .split(',')
    .map((h) => h.trim());
  const missing = REQUESTED_HEADERS.filter(
    (h) => !allowed.includes(h) && !(h !== 'authorization' && allowed.includes('*')),
  );
  if (missing.length > 0)
    return warn(id, `preflight does not allow the headers ${missing.join(', ')}`, fix);
  const methods = header(res.headers, 'access-control-allow-methods').toUpperCase();
  if (methods !== '' && !methods.includes('POST') && methods !== '*')
    return warn(id, `preflight allows methods ${methods}, not POST`, fix);
  return pass(id, `preflight from ${origin} allowed with the MCP headers`);
}
