import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { errorPage, loginPage } from './oidc-idp-pages.ts';
import type { InteractionDetails, ProviderInstance } from './oidc-provider-module.ts';
import type { OidcIdpUser } from './oidc-idp-types.ts';

/**
 * The IdP's interaction routes (what `devInteractions` would do, but with a real form):
 *   GET  <base>/interaction/:uid        login form, or consent granted without asking
 *   POST <base>/interaction/:uid/login  checks email + password, or cancels (access_denied)
 * Returns false when the path is not an interaction route.
 */
export async function handleInteraction(input: {
  readonly provider: ProviderInstance;
  readonly basePath: string;
  readonly users: readonly OidcIdpUser[];
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: string;
}): Promise<boolean> {
  const { provider, req, res } = input;
  const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(input.path.slice(input.basePath.length));
  if (!input.path.startsWith(`${input.basePath}/interaction/`) || match === null) return false;
  const details = await provider.interactionDetails(req, res);
  const clientId = String(details.params['client_id']);
  const action = `${input.basePath}/interaction/${details.uid}/login`;

  if (req.method === 'GET' && match[2] === undefined) {
    if (details.prompt.name === 'login') return send(res, 200, loginPage({ action, clientId }));
    if (details.prompt.name === 'consent') {
      const grantId = await grantConsent(provider, details, clientId);
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return true;
    }
    return send(res, 501, errorPage('Unsupported prompt', details.prompt.name));
  }
  if (req.method === 'POST' && match[2] === '/login' && details.prompt.name === 'login') {
    const form = new URLSearchParams(await readBody(req));
    if (form.has('cancel')) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
    const user = findUser(input.users, form.get('email') ?? '', form.get('password') ?? '');
    if (user === undefined)
      return send(res, 200, loginPage({ action, clientId, error: 'Wrong email or password.' }));
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }
  return send(res, 405, errorPage('Method not allowed', `${req.method ?? ''} ${input.path}`));
}

/** Grants whatever the client asked for: the test IdP trusts every registered client. */
async function grantConsent(
  provider: ProviderInstance,
  details: InteractionDetails,
  clientId: string,
): Promise<string> {
  const existing =
    details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId);
  const grant =
    existing ?? new provider.Grant({ accountId: details.session?.accountId ?? '', clientId });
  const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
  if (Array.isArray(missingOIDCScope)) grant.addOIDCScope(missingOIDCScope.map(String).join(' '));
  if (Array.isArray(missingOIDCClaims)) grant.addOIDCClaims(missingOIDCClaims.map(String));
  return grant.save();
}

function findUser(
  users: readonly OidcIdpUser[],
  email: string,
  password: string,
): OidcIdpUser | undefined {
  const user = users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  if (user === undefined) return undefined;
  const given = Buffer.from(password);
  const stored = Buffer.from(user.password);
  return given.length === stored.length && timingSafeEqual(given, stored) ? user : undefined;
}

function send(res: ServerResponse, status: number, html: string): true {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
  return true;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
