import { GatehouseError } from '@gatehouse/core';
import { checkCspOrigin } from './csp-origin.ts';

/**
 * The domains a widget needs, as an app declares them. Maps to the MCP Apps resource metadata
 * `_meta.ui.csp` (SEP-1865 `McpUiResourceCsp`); hosts build the iframe's CSP from it and block
 * everything else.
 */
export interface UiCspInput {
  /** Origins of scripts, styles, images, fonts and media (`script-src`, `style-src`, `img-src`…). */
  resourceDomains?: readonly string[];
  /** Origins of fetch, XHR and WebSocket connections (`connect-src`). */
  connectDomains?: readonly string[];
  /** Origins of nested iframes (`frame-src`). */
  frameDomains?: readonly string[];
  /** Allowed document base URIs (`base-uri`). */
  baseUriDomains?: readonly string[];
}

/**
 * Normalized CSP metadata, ready for `_meta.ui.csp`. A key is present only when it has at least
 * one origin: an absent key gives the host's restrictive default for that directive, which is
 * what an empty list would mean anyway.
 */
export interface UiCsp {
  resourceDomains?: string[];
  connectDomains?: string[];
  frameDomains?: string[];
  baseUriDomains?: string[];
}

const CSP_KEYS = ['resourceDomains', 'connectDomains', 'frameDomains', 'baseUriDomains'] as const;
type CspKey = (typeof CSP_KEYS)[number];

/**
 * Validates and normalizes CSP domains. Every entry must be an exact origin (`https://host[:port]`;
 * `wss:`/`ws:` in connectDomains only); wildcards, paths, queries, credentials and other schemes
 * throw `ERR_APP_KIT_CSP_INVALID` naming the entry. Duplicates are dropped, order is kept.
 */
export function buildCsp(input: UiCspInput): UiCsp {
  return unionCsp([input], (key, index) => `${key}[${index}]`);
}

/** Validates each part like {@link buildCsp} and returns their union, in order of appearance. */
export function mergeCsp(...parts: UiCspInput[]): UiCsp {
  return unionCsp(parts, (key, index, part) => `parts[${part}].${key}[${index}]`);
}

type PathOf = (key: string, index: number, part: number) => string;

function unionCsp(parts: readonly UiCspInput[], pathOf: PathOf): UiCsp {
  const lists: Record<CspKey, string[]> = {
    resourceDomains: [],
    connectDomains: [],
    frameDomains: [],
    baseUriDomains: [],
  };
  parts.forEach((part, partIndex) => {
    const fail = (where: string, problem: string): GatehouseError =>
      new GatehouseError('ERR_APP_KIT_CSP_INVALID', `${where} — ${problem}`);
    if (typeof part !== 'object' || part === null || Array.isArray(part)) {
      throw fail(parts.length > 1 ? `parts[${partIndex}]` : 'csp', 'must be an object');
    }
    for (const key of Object.keys(part)) {
      if (!isCspKey(key)) {
        throw fail(key, `unknown key; use one of ${CSP_KEYS.join(', ')}`);
      }
    }
    for (const key of CSP_KEYS) {
      const entries: unknown = part[key];
      if (entries === undefined) continue;
      if (!Array.isArray(entries)) throw fail(key, 'must be a list of origins');
      entries.forEach((entry: unknown, index) => {
        const result = checkCspOrigin(entry, key === 'connectDomains');
        const where = pathOf(key, index, partIndex);
        if ('problem' in result) throw fail(`${where}: ${JSON.stringify(entry)}`, result.problem);
        if (!lists[key].includes(result.origin)) lists[key].push(result.origin);
      });
    }
  });
  const csp: UiCsp = {};
  for (const key of CSP_KEYS) {
    if (lists[key].length > 0) csp[key] = lists[key];
  }
  return csp;
}

function isCspKey(key: string): key is CspKey {
  return (CSP_KEYS as readonly string[]).includes(key);
}
