/**
 * The connection URL as it may appear in a message or log line: the password (and any query
 * parameter that could carry a secret, e.g. `password`, `sslpassword`, `sslkey`) removed. A
 * string that is not a URL is replaced wholesale, since we cannot tell where a secret sits in it.
 */
export function redactPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a store.postgres.url that is not a URL)';
  }
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|key|secret|token/i.test(key)) parsed.searchParams.delete(key);
  }
  return parsed.toString();
}

/** True for the URL schemes `pg` accepts (`postgres://`, `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}
