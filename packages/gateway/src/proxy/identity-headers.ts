/**
 * Headers that carry a user's identity to an upstream. A client must never be able to set
 * them (research gateways.md §5 J1/J2): they are removed from every request, in any case and
 * with `_` in place of `-` (some servers, e.g. CGI and PHP, treat the two alike), before the
 * gateway adds its own signed assertion. They are removed from upstream responses too.
 */
const IDENTITY_PREFIXES = ['x-gatehouse-', 'x-pomerium-', 'x-auth-request-', 'x-user-'] as const;

const IDENTITY_NAMES: ReadonlySet<string> = new Set([
  'x-forwarded-user',
  'x-forwarded-email',
  'x-forwarded-groups',
  'x-forwarded-preferred-username',
  'x-user',
  'x-email',
  'remote-user',
  'x-remote-user',
]);

/** True for a header name that claims to say who the user is. */
export function isIdentityHeader(name: string): boolean {
  const normal = name.toLowerCase().replaceAll('_', '-');
  if (IDENTITY_NAMES.has(normal)) return true;
  return IDENTITY_PREFIXES.some((prefix) => normal.startsWith(prefix));
}

/** A copy of `headers` without identity headers (the input is not changed). */
export function stripIdentityHeaders<V>(headers: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!isIdentityHeader(name)) out[name] = value;
  }
  return out;
}
