import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gatehouse/core';
import { cspViolationAdvice, type CspViolation } from '../shared/csp-advice.ts';
import { send, sendText } from './http.ts';

/** A report names one URL and a few fields; anything larger is not a browser's report. */
const MAX_CSP_REPORT_BYTES = 16_384;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 2048) : '';
}

/**
 * The violation in a CSP report: the `report-uri` format (`{"csp-report": {...}}`, CSP 2 §7.1)
 * or a Reporting API list (`[{type: "csp-violation", body: {...}}]`, CSP 3 §5.3).
 */
function parseCspReport(body: unknown): CspViolation | undefined {
  const legacy = record(record(body)?.['csp-report']);
  if (legacy !== undefined) {
    const directive = text(legacy['effective-directive']) || text(legacy['violated-directive']);
    return directive === ''
      ? undefined
      : { blockedUrl: text(legacy['blocked-uri']), directive: directive.split(' ')[0] ?? '' };
  }
  const first = Array.isArray(body) ? record(body[0]) : undefined;
  const report = first?.['type'] === 'csp-violation' ? record(first['body']) : undefined;
  if (report === undefined) return undefined;
  const directive = text(report['effectiveDirective']);
  return directive === '' ? undefined : { blockedUrl: text(report['blockedURL']), directive };
}

/**
 * `POST /csp-report` on the sandbox origin: the browser reports what the view's CSP blocked, and
 * we print the fix on the dev host's log (stderr). Chromium sends each distinct violation of a
 * document once. Answers 204; the body is never echoed.
 */
export function receiveCspReport(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendText(res, 405, 'method not allowed');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_CSP_REPORT_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (tooLarge) return sendText(res, 413, 'report too large');
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      return sendText(res, 400, 'not a JSON CSP report');
    }
    const violation = parseCspReport(body);
    if (violation === undefined) return sendText(res, 400, 'not a CSP violation report');
    logger.warn(
      { blockedUrl: violation.blockedUrl, directive: violation.directive },
      cspViolationAdvice(violation),
    );
    send(res, 204, { 'Cache-Control': 'no-store' }, '');
  });
}
