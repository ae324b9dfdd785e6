import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

/** A desktop MCP client's loopback listener: the redirect target at the end of the browser flow. */
export interface RedirectTarget {
  /** `http://127.0.0.1:<port>/callback`, to register as the client's redirect URI. */
  readonly url: string;
  /** The first callback received (with `code`, `state` and `iss`, or `error`). */
  readonly received: Promise<URL>;
  close(): Promise<void>;
}

export async function startRedirectTarget(): Promise<RedirectTarget> {
  let resolve: (url: URL) => void = () => {};
  const received = new Promise<URL>((r) => (resolve = r));
  const server = createServer((req, res) => {
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve(new URL(req.url ?? '/', `http://${host}`));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this tab.');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * The browser part of an MCP client's OAuth flow in real Chromium: open the authorization URL,
 * sign in on the gateway's page, look at (`onConsentPage`) and approve the consent page. The
 * browser then lands on the client's redirect target.
 */
export async function authorizeInChromium(
  page: Page,
  authorizationUrl: URL,
  credentials: { email: string; password: string },
  onConsentPage: (page: Page) => Promise<void> = async () => {},
): Promise<void> {
  await page.goto(authorizationUrl.href);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/oauth\/interaction\//, { timeout: 10_000 });
  await onConsentPage(page);
  await page.getByRole('button', { name: 'Allow' }).click();
}
