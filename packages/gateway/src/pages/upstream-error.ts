import { html, type SafeHtml } from './escape.ts';
import { layout, requestIdLine, type Page } from './layout.ts';

export interface UpstreamErrorPageOptions {
  readonly status: 502 | 503 | 504 | 413;
  readonly requestId: string;
  readonly routeId: string;
  /** The route's upstream URL; shown so the developer knows which server to start. */
  readonly upstream: string;
  /** The Upstream error code (ERR_UPSTREAM_REFUSED, ...). */
  readonly code: string;
  /** A tunnel route: this server's `ssh -R …` command that serves it again. */
  readonly sshCommand?: string;
}

/**
 * The gateway could not get an answer from a route's upstream: what happened and the likely fix.
 * Only the upstream's origin is shown (never a path, query or credentials).
 */
export function upstreamErrorPage(options: UpstreamErrorPageOptions): Page {
  const { title, explain } = describe(options, originOf(options.upstream));
  return layout({
    status: options.status,
    title,
    body: html`${explain}
      <p class="muted">Route <code>${options.routeId}</code> · <code>${options.code}</code></p>
      ${requestIdLine(options.requestId)}`,
  });
}

function describe(
  options: UpstreamErrorPageOptions,
  upstream: string,
): { title: string; explain: SafeHtml } {
  switch (options.status) {
    case 413:
      return {
        title: 'Request too large',
        explain: html`<p>The request body is larger than this route accepts.</p>
          <p>
            Send less data, or raise <code>max_request_bytes</code> for route
            <code>${options.routeId}</code> in the gateway config.
          </p>`,
      };
    case 503:
      return {
        title: 'Tunnel offline',
        explain: html`<p>No tunnel is connected for route <code>${options.routeId}</code>.</p>
          <p>
            Start the tunnel again on the machine that runs the
            app${
              options.sshCommand === undefined ? html`` : html`: <code>${options.sshCommand}</code>`
            },
            then reload this page.
          </p>`,
      };
    case 504:
      return {
        title: 'Upstream timed out',
        explain: html`<p>The server at <code>${upstream}</code> did not answer in time.</p>
          <p>
            Check that it is not stuck, or raise <code>timeout</code> for route
            <code>${options.routeId}</code> in the gateway config.
          </p>`,
      };
    case 502:
      return options.code === 'ERR_UPSTREAM_REFUSED'
        ? {
            title: 'Nothing is listening',
            explain: html`<p>
              Nothing is listening at <code>${upstream}</code>; start your server (<code
                >npm run dev</code
              >), then reload this page.
            </p>`,
          }
        : {
            title: 'Bad gateway',
            explain: html`<p>
                The server at <code>${upstream}</code> closed the connection or sent a response the
                gateway could not read.
              </p>
              <p>Check its logs, then reload this page.</p>`,
          };
  }
}

function originOf(upstream: string): string {
  try {
    const url = new URL(upstream);
    return url.origin === 'null' ? url.protocol : url.origin;
  } catch {
    return 'the upstream';
  }
}
