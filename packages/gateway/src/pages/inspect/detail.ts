import type { McpExchange, McpExchangeSummary } from '@gatehouse/core';
import { escapeHtml, html, SafeHtml as Markup, type SafeHtml } from '../escape.ts';
import { curlFor } from './curl.ts';
import { lineDiff, type DiffLine } from './diff.ts';
import {
  isReplayable,
  latency,
  prettyBody,
  recordedArguments,
  statusLabel,
  when,
} from './format.ts';
import { detailHref } from './page.ts';

export interface DetailOptions {
  readonly exchange: McpExchange;
  /** The recorded call this one replayed (when `replayOf` is set and still in the buffer). */
  readonly original?: McpExchange;
  /** The other calls of the same MCP session, oldest first (this one included). */
  readonly timeline: readonly McpExchangeSummary[];
  /** `http:` or `https:`: the scheme of the route's public URL, for curl. */
  readonly scheme: string;
  readonly csrfToken: string;
  /** The list's filters, kept on links. */
  readonly search: string;
}

/** The detail pane of one call: facts, decision trace, bodies, headers, curl, replay, timeline. */
export function detailPane(options: DetailOptions): SafeHtml {
  const x = options.exchange;
  const title = `${x.method}${x.target === undefined ? '' : ` ${x.target}`}`;
  const client = [x.clientName, x.clientVersion].filter((v) => v !== undefined).join(' ');
  return html`<section id="detail" aria-labelledby="detail-title">
    <h2 id="detail-title">${title}</h2>
    <dl class="facts">
      <dt>When</dt>
      <dd>${when(x.timings.startedAt)}</dd>
      <dt>Route</dt>
      <dd>${x.routeId}</dd>
      <dt>User</dt>
      <dd>${x.user ?? '(not signed in)'}</dd>
      <dt>Client</dt>
      <dd>${client === '' ? 'unknown' : client}</dd>
      <dt>Protocol</dt>
      <dd>${x.protocolEra}${x.protocolVersion === undefined ? '' : ` (${x.protocolVersion})`}</dd>
      <dt>HTTP</dt>
      <dd>${x.httpMethod} ${x.path} → ${statusLabel(x)}</dd>
      <dt>Timing</dt>
      <dd>${timing(x)}</dd>
      <dt>Sizes</dt>
      <dd>
        request ${x.requestBytes} B, response ${x.responseBytes}
        B${x.truncated ? ' (capture truncated)' : ''}
      </dd>
      ${
        x.replayOf === undefined
          ? ''
          : html`<dt>Replay of</dt>
              <dd><a href="${detailHref(x.replayOf, options.search)}">the recorded call</a></dd>`
      }
    </dl>
    <h3 id="trace-title">Decision trace</h3>
    <p>Decision: <strong>${x.decision}</strong></p>
    ${
      x.reasons.length === 0
        ? html`<p class="muted">No reasons recorded.</p>`
        : html`<ol aria-labelledby="trace-title">
            ${x.reasons.map((r) => html`<li><code>${r}</code></li>`)}
          </ol>`
    }
    ${options.original === undefined ? '' : comparison(options.original, x)}
    ${block('request-body', 'Request', prettyBody(x.request))}
    ${block('response-body', 'Response', prettyBody(x.response))}
    ${headerTable('request-headers', 'Request headers (masked)', x.requestHeaders)}
    ${headerTable('response-headers', 'Response headers', x.responseHeaders)}
    <h3 id="curl-title">Copy as curl</h3>
    <p class="muted">
      Set <code>GATEHOUSE_TOKEN</code> to an access token of your own: the recorded one is never
      shown.
    </p>
    <pre id="curl" tabindex="0" aria-labelledby="curl-title">${curlFor(x, options.scheme)}</pre>
    <button type="button" class="secondary" data-copy="curl" hidden>Copy curl command</button>
    ${isReplayable(x) ? replayForm(x, options.csrfToken) : ''}
    ${timeline(x, options.timeline, options.search)}
  </section>`;
}

function timing(x: McpExchange): string {
  const first = x.timings.upstreamFirstByteMs;
  const parts = [
    first === undefined ? 'never reached the upstream' : `first byte ${String(first)} ms`,
    `total ${latency(x)}`,
  ];
  return parts.join(', ');
}

function block(id: string, title: string, text: string): SafeHtml {
  return html`<h3 id="${id}-title">${title}</h3>
    ${
      text === ''
        ? html`<p class="muted">No body.</p>`
        : html`<pre id="${id}" tabindex="0" aria-labelledby="${id}-title">${text}</pre>`
    }`;
}

function headerTable(
  id: string,
  title: string,
  headers: Readonly<Record<string, string>>,
): SafeHtml {
  const entries = Object.entries(headers);
  return html`<h3 id="${id}">${title}</h3>
    ${
      entries.length === 0
        ? html`<p class="muted">None recorded.</p>`
        : html`<table aria-labelledby="${id}">
            <thead>
              <tr>
                <th scope="col">Header</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              ${entries.map(
                ([name, value]) =>
                  html`<tr>
                    <td><code>${name}</code></td>
                    <td><code>${value}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** The original answer beside the replay's, and the line diff between them. */
function comparison(original: McpExchange, replay: McpExchange): SafeHtml {
  const before = prettyBody(original.response);
  const after = prettyBody(replay.response);
  const diff = lineDiff(before, after);
  const changed = diff.some((d) => d.op !== ' ');
  return html`<h3 id="compare-title">Replay compared with the original</h3>
    <div class="pair">
      <div>
        <h4 id="original-title">Original response</h4>
        <pre id="original-body" tabindex="0" aria-labelledby="original-title">${before}</pre>
      </div>
      <div>
        <h4 id="replay-title">Replay response</h4>
        <pre id="replay-body" tabindex="0" aria-labelledby="replay-title">${after}</pre>
      </div>
    </div>
    <h4 id="diff-title">Diff</h4>
    ${changed ? diffPre(diff) : html`<p id="diff">The answers are the same.</p>`}`;
}

/**
 * The diff as one `<pre>`, built as a string (not an html template, whose whitespace a formatter
 * may reflow): every line escaped, removed and added lines marked.
 */
function diffPre(diff: readonly DiffLine[]): SafeHtml {
  const lines = diff.map((d) => {
    const text = escapeHtml(`${d.op} ${d.text}`);
    if (d.op === ' ') return text;
    return `<span class="${d.op === '-' ? 'diff-del' : 'diff-add'}">${text}</span>`;
  });
  return new Markup(
    `<pre id="diff" tabindex="0" aria-labelledby="diff-title">${lines.join('\n')}</pre>`,
  );
}

function replayForm(x: McpExchange, csrfToken: string): SafeHtml {
  return html`<h3 id="replay-form-title">Replay</h3>
    <form method="post" action="/inspect/replay" aria-labelledby="replay-form-title">
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <input type="hidden" name="id" value="${x.id}" />
      <label for="replay-arguments">Arguments (JSON object)</label>
      <textarea id="replay-arguments" name="arguments" spellcheck="false">
${recordedArguments(x)}</textarea>
      <label class="check">
        <input type="checkbox" name="confirm" value="yes" required />
        Call the tool again: tools/call is not idempotent and may change data.
      </label>
      <button type="submit">Replay</button>
    </form>`;
}

function timeline(x: McpExchange, calls: readonly McpExchangeSummary[], search: string): SafeHtml {
  return html`<h3 id="timeline-title">Session timeline</h3>
    ${
      x.sessionId === undefined
        ? html`<p class="muted">No MCP session (a stateless 2026-07-28 call stands alone).</p>`
        : html`<p class="muted">Session <code>${x.sessionId}</code></p>
            <ol aria-labelledby="timeline-title" class="timeline">
              ${calls.map(
                (s) =>
                  html`<li>
                    ${
                      s.id === x.id
                        ? html`<strong aria-current="true">${item(s)}</strong>`
                        : html`<a href="${detailHref(s.id, search)}">${item(s)}</a>`
                    }
                  </li>`,
              )}
            </ol>`
    }`;
}

const item = (s: McpExchangeSummary): string =>
  `${when(s.timings.startedAt)} ${s.method}${s.target === undefined ? '' : ` ${s.target}`} → ${statusLabel(s)} (${latency(s)})`;
