import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gatehouse/core';
import { CSP_PARAM, CSP_REPORT_PATH, decodeCspParam } from '../shared/contract.ts';
import { receiveCspReport } from './csp-report.ts';
import { hostAllowed, readOnlyMethod, send, sendText } from './http.ts';
import { buildSandboxCsp, parseViewCsp } from './sandbox-csp.ts';
import { renderSandboxPage } from './sandbox-page.ts';

export interface SandboxSite {
  /** `127.0.0.1:<port>`: the only Host the sandbox answers. */
  readonly host: string;
  /** `http://localhost:<port>`: the only origin that may embed the page and talk to the proxy. */
  readonly hostOrigin: string;
}

/** Generous for four lists of origins; anything longer is not a real csp. */
const MAX_CSP_PARAM_LENGTH = 16_384;

export function createSandboxHandler(
  site: () => SandboxSite | undefined,
  proxyScript: string,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const current = site();
    if (current === undefined) return sendText(res, 503, 'starting');
    if (!hostAllowed(req, [current.host])) return sendText(res, 403, 'forbidden host');
    const url = new URL(req.url ?? '/', `http://${current.host}`);
    if (url.pathname === CSP_REPORT_PATH) return receiveCspReport(req, res, logger);
    if (!readOnlyMethod(req, res)) return;
    const method = req.method ?? 'GET';
    if (url.pathname === '/sandbox.js') {
      return send(
        res,
        200,
        { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' },
        proxyScript,
        method,
      );
    }
    if (url.pathname !== '/sandbox.html') return sendText(res, 404, 'not found', method);

    const values = url.searchParams.getAll(CSP_PARAM);
    if (values.length > 1) return sendText(res, 400, `more than one "${CSP_PARAM}" parameter`);
    const raw = values[0];
    let decoded: unknown;
    if (raw !== undefined) {
      if (raw.length > MAX_CSP_PARAM_LENGTH) return sendText(res, 400, `"${CSP_PARAM}" too long`);
      try {
        decoded = decodeCspParam(raw);
      } catch {
        return sendText(res, 400, `"${CSP_PARAM}" is not base64url-encoded JSON`);
      }
    }
    const parsed = parseViewCsp(decoded);
    if (!parsed.ok) return sendText(res, 400, `malformed "${CSP_PARAM}": ${parsed.problem}`);
    for (const drop of parsed.dropped) {
      // spec §5.3 item 6: SHOULD log CSP configurations; a dropped entry is a blocked domain.
      logger.warn(
        { key: drop.key, entry: drop.entry, reason: drop.reason },
        'view CSP entry dropped',
      );
    }
    // report-uri: the browser tells us what the view's CSP blocked, for the dev host's log.
    const policy = `${buildSandboxCsp(parsed.csp, current.hostOrigin)}; report-uri http://${current.host}${CSP_REPORT_PATH}`;
    logger.debug({ csp: policy }, 'sandbox page CSP');
    send(
      res,
      200,
      {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': policy,
        'Cache-Control': 'no-store',
      },
      renderSandboxPage(current.hostOrigin, decoded),
      method,
    );
  };
}
