import { messagePage, PAGE_SECURITY_HEADERS } from '../../pages/index.ts';
import type { HookContext } from './module.ts';

/**
 * The page shown when an authorization request cannot be sent back to the client (unknown
 * client, unregistered redirect_uri, unfetchable CIMD document: research §5 A1, A2, D10). It
 * names the OAuth error; it never redirects.
 */
export function renderError(ctx: HookContext, out: Readonly<Record<string, unknown>>): void {
  const error = typeof out['error'] === 'string' ? out['error'] : 'server_error';
  const description =
    typeof out['error_description'] === 'string' ? out['error_description'] : undefined;
  const page = messagePage({
    status: ctx.status,
    title: 'This sign-in request cannot continue',
    message:
      `The application sent an invalid authorization request (${error}` +
      `${description === undefined ? '' : `: ${description}`}). Go back to it and try again.`,
  });
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page.html;
}
