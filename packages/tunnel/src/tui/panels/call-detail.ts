import type { CapturedBody, McpExchange } from '@gatehouse/core';
import type { CallDetail } from '../calls-state.ts';
import { fit, wrap } from '../fit.ts';
import { formatClock, formatDuration } from '../format.ts';
import { bold, clean, dim } from '../sgr.ts';
import type { PanelBody } from './panel-body.ts';

/** `text` re-indented when it is JSON; as it came otherwise (truncated, SSE, not JSON). */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2);
  } catch {
    return text;
  }
}

/** An SSE answer shows each event's JSON; anything else the whole body. */
function bodyText(body: CapturedBody | undefined): string {
  if (body === undefined || body.text === '') return '(no body)';
  if (body.events !== undefined && body.events.length > 0) {
    return body.events.map((e, i) => `# event ${String(i + 1)}\n${pretty(e.data)}`).join('\n');
  }
  return pretty(body.text);
}

/** Every line cleaned of control characters and wrapped to the panel (nothing cut off). */
function block(text: string, width: number): string[] {
  return text
    .split('\n')
    .flatMap((line) => {
      const parts = wrap(clean(line), width);
      return parts.length === 0 ? [''] : parts;
    })
    .map((line) => fit(line, width));
}

function summary(x: McpExchange): string {
  const total = x.timings.totalMs === undefined ? '…' : formatDuration(x.timings.totalMs);
  return [
    `${formatClock(x.timings.startedAt)} ${x.method}${x.target === undefined ? '' : ` ${x.target}`}`,
    `→ ${x.status === 0 ? '…' : String(x.status)} ${x.decision} (${total})`,
    `route ${x.routeId}`,
    x.user === null ? '' : `user ${x.user}`,
    x.replayOf === undefined ? '' : `replay of ${x.replayOf}`,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

/** Enter on [5]: the call's facts, decision reasons, request and response JSON, scrollable. */
export function callDetailBody(detail: CallDetail, width: number): PanelBody {
  const x = detail.exchange;
  if (x === undefined) return { header: null, lines: [dim(fit('Loading…', width))] };
  if (x === null) {
    return {
      header: null,
      lines: [dim(fit('This call is no longer in the buffer. Esc goes back.', width))],
    };
  }
  const reasons = x.reasons.length === 0 ? [] : [`reasons: ${x.reasons.join(', ')}`];
  const lines = [
    ...block(summary(x), width),
    ...block(reasons.join(''), width).filter(() => reasons.length > 0),
    fit('', width),
    bold(fit('Request', width)),
    ...block(bodyText(x.request), width),
    fit('', width),
    bold(fit('Response', width)),
    ...block(bodyText(x.response), width),
  ];
  return { header: dim(fit('Esc back • ↑↓ PgUp PgDn scroll • r replay', width)), lines };
}
