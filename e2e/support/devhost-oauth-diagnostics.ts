import type { Page } from 'playwright-core';

/**
 * What the browser saw go wrong on a page: console errors and warnings, requests that failed at
 * the network level (CORS, refused connections, CSP blocks) and HTTP answers >= 400. Attach
 * before the first navigation; print `report()` when an assertion fails, so a broken link in the
 * dev host → gateway → template chain names itself.
 *
 * URLs are recorded without their query: OAuth codes and state travel there.
 */
export interface PageDiagnostics {
  readonly console: string[];
  readonly failedRequests: string[];
  readonly errorResponses: string[];
  /** Every top-level navigation (origin + path), in order. */
  readonly navigations: string[];
  report(): string;
}

function withoutQuery(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

export function watchPage(page: Page): PageDiagnostics {
  const diagnostics: PageDiagnostics = {
    console: [],
    failedRequests: [],
    errorResponses: [],
    navigations: [],
    report: () =>
      [
        `navigations:\n  ${diagnostics.navigations.join('\n  ')}`,
        `console:\n  ${diagnostics.console.join('\n  ')}`,
        `failed requests:\n  ${diagnostics.failedRequests.join('\n  ')}`,
        `error responses:\n  ${diagnostics.errorResponses.join('\n  ')}`,
      ].join('\n'),
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      diagnostics.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => diagnostics.console.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) =>
    diagnostics.failedRequests.push(
      `${request.method()} ${withoutQuery(request.url())}: ${request.failure()?.errorText ?? '?'}`,
    ),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      diagnostics.errorResponses.push(
        `${response.request().method()} ${withoutQuery(response.url())} → ${response.status()}`,
      );
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) diagnostics.navigations.push(withoutQuery(frame.url()));
  });
  return diagnostics;
}
