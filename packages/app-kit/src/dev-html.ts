/**
 * Makes the dev server's document work from inside a host's sandbox. The widget document is
 * rendered from text (srcdoc or a sandbox proxy), so its own URL is not the dev server's: a
 * root-relative `/@vite/client` would resolve against the host. Every relative `src`/`href`
 * and every relative module specifier in the document becomes an absolute dev-server URL.
 * Modules loaded from there resolve their own imports against their URL, so only the document
 * needs this.
 */
export function absolutizeDevHtml(html: string, pageUrl: string): string {
  const absolute = (_match: string, before: string, quote: string, ref: string): string =>
    `${before}${quote}${new URL(ref, pageUrl).href}${quote}`;
  return html.replace(ATTRIBUTE, absolute).replace(SPECIFIER, absolute);
}

// A relative reference: `/x`, `./x`, `../x`, but not protocol-relative `//host/x`.
const RELATIVE = String.raw`\.{0,2}\/(?!\/)[^"'\s]*`;
const ATTRIBUTE = new RegExp(String.raw`(\s(?:src|href)\s*=\s*)(["'])(${RELATIVE})\2`, 'gi');
const SPECIFIER = new RegExp(
  String.raw`(\bimport\s*\(\s*|\bimport\s*|\bfrom\s*)(["'])(${RELATIVE})\2`,
  'g',
);
