import type { Page, Response } from 'playwright-core';
import { expect } from 'vitest';

const STEP_TIMEOUT_MS = 15_000;

const onAuthHost = (authUrl: string, path: (pathname: string) => boolean) => (url: URL) =>
  url.host === new URL(authUrl).host && path(url.pathname);

/** Clicks a form's submit button and returns the answer to the POST it sends. */
async function submit(page: Page, button: string, path: (pathname: string) => boolean) {
  const answer: Promise<Response> = page.waitForResponse(
    (r) => r.request().method() === 'POST' && path(new URL(r.url()).pathname),
    { timeout: STEP_TIMEOUT_MS },
  );
  await page.getByRole('button', { name: button, exact: true }).click();
  return answer;
}

/**
 * The gateway's sign-in page, as a person uses it: wait for it, type email and password, submit.
 * The form post must be accepted (a redirect onwards); a 403 here means the gateway refused the
 * browser's own form (its Origin / Sec-Fetch-Site / CSRF check).
 */
export async function signInAtGateway(
  page: Page,
  authUrl: string,
  credentials: { email: string; password: string },
): Promise<void> {
  await page.waitForURL(
    onAuthHost(authUrl, (p) => p === '/signin'),
    { timeout: STEP_TIMEOUT_MS },
  );
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  const answer = await submit(page, 'Sign in', (p) => p === '/signin');
  expect(answer.status(), 'the gateway answered the sign-in form post with').toBe(302);
}

/** Waits for the consent page and returns its visible text (for assertions and a screenshot). */
export async function consentPageText(page: Page, authUrl: string): Promise<string> {
  await page.waitForURL(
    onAuthHost(authUrl, (p) => p.startsWith('/oauth/interaction/')),
    { timeout: STEP_TIMEOUT_MS },
  );
  return page.locator('body').innerText();
}

/** Presses "Allow" on the consent page; the post must be accepted (a redirect onwards). */
export async function allowOnConsentPage(page: Page): Promise<void> {
  const answer = await submit(page, 'Allow', (p) =>
    /^\/oauth\/interaction\/[^/]+\/confirm$/.test(p),
  );
  expect(answer.status(), 'the gateway answered the consent form post with').toBe(302);
}
