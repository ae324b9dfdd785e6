import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Account, RecordRepository } from '@gatehouse/core';
import type { AuthContext } from './context.ts';
import { finishSignIn, hashCode } from './complete.ts';
import { csrfFor, formField } from './forms.ts';
import { page } from './respond.ts';
import { requestMeta } from '../edge/request-meta.ts';
import { checkPasswordStrength, hashPassword } from '../identity/builtin/passwords.ts';
import { messagePage, setPasswordPage } from '../pages/index.ts';
import type { AuthEnv } from './env.ts';

/**
 * One-time links: the first admin's sign-in link printed at first start, and the "set your
 * password" link `gatehouse users add` prints. The store keeps only the SHA-256 of the token.
 */
export const LINK_KIND = 'signin-link';
export const LINK_TTL_MS = 24 * 3_600_000;

export interface LinkGrant {
  readonly email: string;
  /** Groups for an account the link creates (the first admin gets `admin`). */
  readonly groups: readonly string[];
}

/** A short random id of this data folder, made once; links start with it. */
const STORE_TAG_KIND = 'store-tag';
const STORE_TAG_LENGTH = 8;
const LINK_TOKEN_LENGTH = STORE_TAG_LENGTH + 43;

async function storeTag(records: RecordRepository): Promise<string> {
  const existing = await records.get(STORE_TAG_KIND, 'tag', 0);
  if (typeof existing === 'string' && existing.length === STORE_TAG_LENGTH) return existing;
  const tag = randomBytes(6).toString('base64url');
  await records.put(STORE_TAG_KIND, 'tag', tag, null);
  return tag;
}

export async function createSignInLink(
  records: RecordRepository,
  authUrl: string,
  grant: LinkGrant,
  now: number,
): Promise<string> {
  // The data folder's tag first: a link printed by `users add` against another data folder
  // (no --config while the server runs with one) is recognized and explained, not "expired".
  const token = `${await storeTag(records)}${randomBytes(32).toString('base64url')}`;
  await records.put(LINK_KIND, hashCode(token), grant, now + LINK_TTL_MS);
  const url = new URL('/signin/link', authUrl);
  url.searchParams.set('token', token);
  return url.href;
}

function parseGrant(value: unknown): LinkGrant | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { email, groups } = value as { email?: unknown; groups?: unknown };
  if (
    typeof email !== 'string' ||
    !Array.isArray(groups) ||
    !groups.every((g) => typeof g === 'string')
  )
    return undefined;
  return { email, groups };
}

async function unusable(c: Context<AuthEnv>, ctx: AuthContext, token: string) {
  if (
    token.length === LINK_TOKEN_LENGTH &&
    token.slice(0, STORE_TAG_LENGTH) !== (await storeTag(ctx.store.records))
  )
    return page(c, {
      status: 404,
      html: htmlOf(
        messagePage({
          status: 404,
          title: 'Link from another data folder',
          message:
            'This sign-in link was made for another Gatehouse data folder than the one this server uses, so it cannot work here. ' +
            'Run the command again with the same --config (or --data-dir) as the server, e.g. gatehouse users add <email> --config <file>.',
        }),
      ),
    });
  return expired(c);
}

const expired = (c: Context<AuthEnv>) =>
  page(c, {
    status: 410,
    html: htmlOf(
      messagePage({
        status: 410,
        title: 'Link expired or used',
        message:
          'This sign-in link has expired or was already used. Ask an administrator for a new one (gatehouse users add <email>).',
      }),
    ),
  });

function htmlOf(rendered: string | { html: string }): string {
  return typeof rendered === 'string' ? rendered : rendered.html;
}

export async function getLink(c: Context<AuthEnv>, ctx: AuthContext): Promise<Response> {
  const token = c.req.query('token') ?? '';
  const grant = parseGrant(
    await ctx.store.records.get(LINK_KIND, hashCode(token), ctx.clock.now()),
  );
  if (grant === undefined) return unusable(c, ctx, token);
  return page(c, {
    status: 200,
    html: htmlOf(setPasswordPage({ email: grant.email, csrfToken: csrfFor(c, ctx), token })),
  });
}

export async function postLink(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
): Promise<Response> {
  const token = formField(form, 'token');
  const password = formField(form, 'password');
  const key = hashCode(token);
  const now = ctx.clock.now();
  const pending = parseGrant(await ctx.store.records.get(LINK_KIND, key, now));
  if (pending === undefined) return unusable(c, ctx, token);
  const weak =
    checkPasswordStrength(password) ??
    (password === formField(form, 'password_confirm') ? undefined : 'The two passwords differ.');
  if (weak !== undefined) {
    return page(c, {
      status: 400,
      html: htmlOf(
        setPasswordPage({ email: pending.email, csrfToken: csrfFor(c, ctx), token, error: weak }),
      ),
    });
  }
  // Validate first, then consume: a typo in the password must not burn the link.
  const grant = parseGrant(await ctx.store.records.consume(LINK_KIND, key, now));
  if (grant === undefined) return expired(c);
  const passwordHash = await hashPassword(password);
  const existing = await ctx.store.accounts.findByEmail(grant.email);
  let account: Account;
  if (existing === undefined) {
    account = await ctx.store.accounts.create({
      email: grant.email,
      passwordHash,
      groups: grant.groups,
    });
  } else {
    account = await ctx.store.accounts.update(existing.id, { passwordHash, disabled: false });
    // A new password (a reset) ends every session of the old one: whoever knew it is out.
    await ctx.sessions.endAllFor(account.id);
  }
  const { clientIp, requestId } = requestMeta(c.env.incoming);
  const { token: sessionToken, session } = await ctx.sessions.start(
    {
      userId: account.id,
      email: account.email,
      name: account.name,
      groups: account.groups,
      claims: {},
      idp: 'builtin',
    },
    { ip: clientIp, userAgent: c.req.header('user-agent') ?? null },
  );
  ctx.logger.info(
    { requestId, event: 'password-set', user: account.email },
    'password set from a one-time link',
  );
  return finishSignIn(
    c,
    ctx,
    sessionToken,
    session,
    `${ctx.config().authenticateServiceUrl}/account`,
  );
}
