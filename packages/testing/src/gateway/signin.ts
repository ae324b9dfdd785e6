import type { Store } from '@gatehouse/core';
import { hashPassword } from '@gatehouse/gateway';
import { Client, type Reply } from './gateway-harness.ts';

export const PASSWORD = 'correct horse battery staple';

export async function addAccount(
  store: Store,
  email: string,
  groups: string[] = [],
): Promise<void> {
  await store.accounts.create({ email, groups, passwordHash: await hashPassword(PASSWORD) });
}

/**
 * Signs in the way a browser does: open `routeUrl` → redirected to the sign-in page → post the
 * form → handoff back to the route host. Returns the final answer from the route.
 */
export async function browserSignIn(
  client: Client,
  routeUrl: string,
  email: string,
  password = PASSWORD,
): Promise<Reply & { url: string }> {
  const html = { accept: 'text/html' };
  const first = await client.request(routeUrl, { headers: html });
  if (first.status !== 302) throw new Error(`expected a redirect to sign-in, got ${first.status}`);
  const signInUrl = new URL(first.headers.location ?? '');
  const page = await client.request(signInUrl.href, { headers: html });
  const posted = await client.postForm(new URL('/signin', signInUrl).href, {
    email,
    password,
    csrf: Client.field(page.body, 'csrf'),
    return_to: signInUrl.searchParams.get('return_to') ?? '',
  });
  if (posted.status !== 302) return { ...posted, url: signInUrl.href };
  return client.follow(new URL(posted.headers.location ?? '', signInUrl).href, html);
}
