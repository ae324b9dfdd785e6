import type { CapturedBody, McpExchange, McpExchangeSummary } from '@gatehouse/core';

/** A captured body as the views show it: pretty JSON when it parses, else the text as it came. */
export function prettyBody(body: CapturedBody | undefined): string {
  if (body === undefined || body.text === '') return '';
  if (body.events !== undefined && body.events.length > 0) {
    // SSE answers (Streamable HTTP, MCP 2025-11-25 §Transports): one block per event.
    return body.events
      .map(
        (e, i) =>
          `# event ${String(i + 1)}${e.id === undefined ? '' : ` id=${e.id}`}\n${prettyJson(e.data)}`,
      )
      .join('\n\n');
  }
  return prettyJson(body.text);
}

/** `text` re-indented when it is JSON; unchanged (a truncated capture, SSE, text) otherwise. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2);
  } catch {
    return text;
  }
}

/** `12 ms`, or `…` while the answer still streams. */
export function latency(summary: McpExchangeSummary): string {
  const total = summary.timings.totalMs;
  if (total === undefined || summary.inProgress) return '…';
  return `${String(Math.round(total))} ms`;
}

/** `200`, `200 · rpc -32601`, or `…` while streaming. */
export function statusLabel(summary: McpExchangeSummary): string {
  if (summary.status === 0) return '…';
  return summary.rpcError === undefined
    ? String(summary.status)
    : `${String(summary.status)} · rpc ${String(summary.rpcError)}`;
}

/** `2026-01-02 13:04:05 UTC`, as on the account page (plus seconds: calls come fast). */
export function when(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime())
    ? 'unknown'
    : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * The public origin the call was sent to: the captured Host on the scheme of the auth host (the
 * edge serves both on one listener). A missing or odd Host yields `undefined`.
 */
export function originOf(exchange: McpExchange, scheme: string): string | undefined {
  const host = exchange.requestHeaders['host'];
  if (host === undefined || !/^[a-z0-9.-]+(?::\d{1,5})?$/i.test(host)) return undefined;
  return `${scheme}//${host}`;
}

/** Only `tools/call` is replayable (the port refuses the rest). */
export function isReplayable(summary: McpExchangeSummary): boolean {
  return summary.method === 'tools/call';
}

/** The recorded call's `params.arguments`, pretty, for the replay form; `{}` when absent. */
export function recordedArguments(exchange: McpExchange): string {
  try {
    const parsed = JSON.parse(exchange.request?.text ?? '') as { params?: { arguments?: unknown } };
    return JSON.stringify(parsed.params?.arguments ?? {}, null, 2);
  } catch {
    return '{}';
  }
}
