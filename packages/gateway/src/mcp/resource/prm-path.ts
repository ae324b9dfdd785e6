/**
 * One normalisation for both sides of a PRM path comparison (research §5 F5), so a spelling
 * variant either finds this route's metadata or nothing, never another route's:
 * - the query and fragment are dropped;
 * - runs of `/` collapse to one and a trailing `/` is dropped (the root stays `/`);
 * - percent-encoded unreserved characters are decoded and other escapes upper-cased
 *   (RFC 3986 §6.2.2.1–2); `%2F` stays encoded, so it never equals a path separator;
 * - a `.` or `..` segment, or a broken escape, matches nothing (undefined).
 */
export function normalisePrmPath(path: string): string | undefined {
  const end = path.search(/[?#]/);
  const raw = end === -1 ? path : path.slice(0, end);
  if (!raw.startsWith('/')) return undefined;
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) return undefined;
  const decoded = raw.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /^[A-Za-z0-9\-._~]$/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return undefined;
  return `/${segments.join('/')}`;
}
