/**
 * The Content-Security-Policy for every page we render: no script at all, inline styles only,
 * no framing (clickjacking), forms only to this origin.
 *
 * Browsers also apply `form-action` to the redirects that follow a form POST (CSP3 checks it
 * for each request of the navigation). A sign-in form whose response redirects to a route's
 * origin therefore needs that origin listed: use `pageCsp`.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** PAGE_CSP whose `form-action` also allows these origins (e.g. every route's `from`). */
export function pageCsp(options: { readonly formActionOrigins?: readonly string[] } = {}): string {
  const origins = (options.formActionOrigins ?? []).filter((o) =>
    // Only serialized origins: anything else could smuggle another directive in.
    /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?$/.test(o),
  );
  if (origins.length === 0) return PAGE_CSP;
  return PAGE_CSP.replace(
    "form-action 'self'",
    `form-action 'self' ${[...new Set(origins)].join(' ')}`,
  );
}

/**
 * The inspector page's CSP: PAGE_CSP plus exactly one script file (a path-specific source, CSP3
 * §6.7.2.12: not every script on the host) and `connect-src 'self'` for its live updates (SSE).
 */
export function inspectCsp(scriptUrl: string): string {
  if (!/^https?:\/\/[a-z0-9.:[\]-]+\/[a-z0-9/._-]+$/i.test(scriptUrl)) {
    // Not a plain URL: never let it add a directive. The page then runs without its script.
    return PAGE_CSP;
  }
  return PAGE_CSP.replace(
    "default-src 'none';",
    `default-src 'none'; script-src ${scriptUrl}; connect-src 'self';`,
  );
}
