import { GatehouseError } from '@gatehouse/core';

/** One problem in a config file: where (`routes[0].to`, or '' for the whole file) and what. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A config file that cannot be used (`ERR_CONFIG_INVALID`). The message lists every issue, one a
 * line, as `<source>: <path>: <message>`, so a person fixes them all in one pass.
 */
export class ConfigError extends GatehouseError {
  readonly source: string;
  readonly issues: readonly ConfigIssue[];

  constructor(source: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super('ERR_CONFIG_INVALID', issues.map((i) => formatIssue(source, i)).join('\n'), options);
    this.name = 'ConfigError';
    this.source = source;
    this.issues = Object.freeze([...issues]);
  }
}

function formatIssue(source: string, issue: ConfigIssue): string {
  return issue.path === ''
    ? `${source}: ${issue.message}`
    : `${source}: ${issue.path}: ${issue.message}`;
}

/** `['routes', 0, 'to']` → `routes[0].to`; keys that are not plain names are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) {
      out += out === '' ? part : `.${part}`;
    } else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/**
 * Keys whose values are never repeated in a message (`client_secret`, `password`, `*_key`).
 * Lifetimes (`access_token_ttl`) are durations, not secrets: their messages may quote them.
 */
export function isSensitivePath(path: readonly PropertyKey[]): boolean {
  return path.some(
    (p) => typeof p === 'string' && /secret|password|key|token/i.test(p) && !/_ttl$/i.test(p),
  );
}

/** A short, content-free reason for a failed file operation (`no such file`). */
export function osReason(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    default:
      return typeof code === 'string' ? code : 'unknown error';
  }
}
