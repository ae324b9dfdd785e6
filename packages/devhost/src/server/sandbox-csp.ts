/**
 * The sandbox page's Content-Security-Policy, built from a view's `_meta.ui.csp` (SEP-1865
 * `McpUiResourceCsp`). The view is a srcdoc child of the sandbox page and inherits this policy;
 * it is sent as an HTTP header so content cannot loosen it (mcp-spec.md §5.3 item 6).
 */

export const CSP_KEYS = [
  'resourceDomains',
  'connectDomains',
  'frameDomains',
  'baseUriDomains',
] as const;
export type CspKey = (typeof CSP_KEYS)[number];

/** The view's CSP metadata after sanitising: every list holds exact, de-duplicated origins. */
export type SanitizedCsp = Record<CspKey, string[]>;

export interface DroppedCspEntry {
  readonly key: string;
  readonly entry: unknown;
  readonly reason: string;
}

export type CspParseResult =
  | {
      readonly ok: true;
      /** Null when the metadata is absent or `{}`: the restrictive default applies. */
      readonly csp: SanitizedCsp | null;
      readonly dropped: readonly DroppedCspEntry[];
    }
  | { readonly ok: false; readonly problem: string };

// Exactly scheme://host[:port]: DNS labels or a bracketed IPv6 literal, no wildcard (not even
// `*.`), no path, credentials, quotes, separators or whitespace, any of which could change the
// meaning of the policy we build by joining entries.
const ORIGIN =
  /^(https?|wss?):\/\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** Returns the origin in lower case, or why it was dropped. */
export function sanitizeCspEntry(
  entry: unknown,
  allowWebSocket: boolean,
): { origin: string } | { problem: string } {
  if (typeof entry !== 'string') return { problem: 'not a string' };
  const match = ORIGIN.exec(entry);
  if (match === null) return { problem: 'not an exact http(s)/ws(s) origin' };
  const scheme = (match[1] ?? '').toLowerCase();
  if (scheme.startsWith('ws') && !allowWebSocket) {
    return { problem: 'ws(s) origins are only allowed in connectDomains' };
  }
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return { problem: 'port out of range' };
  }
  return { origin: entry.toLowerCase() };
}

/**
 * Checks the shape of the decoded metadata and sanitises every entry. A value that is not an
 * object, or a known key that is not a list, is malformed (the request is refused); a bad entry
 * or an unknown key is dropped and reported, which only ever makes the policy stricter.
 */
export function parseViewCsp(value: unknown): CspParseResult {
  if (value === undefined || value === null) return { ok: true, csp: null, dropped: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: 'csp must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const dropped: DroppedCspEntry[] = [];
  for (const key of Object.keys(record)) {
    if (!(CSP_KEYS as readonly string[]).includes(key)) {
      dropped.push({ key, entry: record[key], reason: 'unknown key' });
    }
  }
  const csp: SanitizedCsp = {
    resourceDomains: [],
    connectDomains: [],
    frameDomains: [],
    baseUriDomains: [],
  };
  let declared = false;
  for (const key of CSP_KEYS) {
    const entries = record[key];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) return { ok: false, problem: `csp.${key} must be a list` };
    declared = true;
    for (const entry of entries as unknown[]) {
      const result = sanitizeCspEntry(entry, key === 'connectDomains');
      if ('problem' in result) dropped.push({ key, entry, reason: result.problem });
      else if (!csp[key].includes(result.origin)) csp[key].push(result.origin);
    }
  }
  return { ok: true, csp: declared ? csp : null, dropped };
}

/**
 * The policy for the sandbox page. `csp` null gives the restrictive default (spec §Security,
 * draft adds `object-src 'none'`); otherwise the construction from metadata. `frameAncestors`
 * is the host origin: only the dev host may embed the sandbox.
 */
export function buildSandboxCsp(csp: SanitizedCsp | null, frameAncestors: string): string {
  const join = (...parts: string[]): string => parts.filter((p) => p !== '').join(' ');
  const directives: string[] =
    csp === null
      ? [
          "default-src 'none'",
          "script-src 'self' 'unsafe-inline'",
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data:",
          "media-src 'self' data:",
          "connect-src 'none'",
          "object-src 'none'",
        ]
      : [
          "default-src 'none'",
          join("script-src 'self' 'unsafe-inline'", ...csp.resourceDomains),
          join("style-src 'self' 'unsafe-inline'", ...csp.resourceDomains),
          join("connect-src 'self'", ...csp.connectDomains),
          join("img-src 'self' data:", ...csp.resourceDomains),
          join("font-src 'self'", ...csp.resourceDomains),
          join("media-src 'self' data:", ...csp.resourceDomains),
          join('frame-src', ...(csp.frameDomains.length > 0 ? csp.frameDomains : ["'none'"])),
          "object-src 'none'",
          join('base-uri', ...(csp.baseUriDomains.length > 0 ? csp.baseUriDomains : ["'self'"])),
        ];
  directives.push(`frame-ancestors ${frameAncestors}`);
  return directives.join('; ');
}
