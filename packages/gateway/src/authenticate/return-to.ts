/**
 * Where to send the browser after sign-in. Only our own auth origin and configured route origins
 * are acceptable: anything else would make sign-in an open redirect.
 */
export function safeReturnTo(
  value: unknown,
  isKnownOrigin: (origin: string) => boolean,
  fallback: string,
): URL {
  if (typeof value === 'string' && value.length <= 4096) {
    try {
      const url = new URL(value);
      if (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === '' &&
        isKnownOrigin(url.origin)
      ) {
        return url;
      }
    } catch {
      // fall through to the fallback
    }
  }
  return new URL(fallback);
}

/** A same-host path from a query parameter: must start with one `/` (never `//` or `/\`). */
export function safeLocalPath(value: string | null): string {
  if (
    value === null ||
    value.length > 4096 ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return '/';
  }
  return value;
}
