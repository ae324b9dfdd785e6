import { IssueError } from '../errors.ts';
import { compileStringListMatcher } from '../matchers/string-list.ts';
import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'claim-ok');
const UNAUTHORIZED = result(false, 'claim-unauthorized');
const MAX_DEPTH = 5;

/**
 * `claim/<path>`: string-list matcher on an identity-provider claim. The path may name nested
 * keys, separated by `/` or `.`, up to 5 levels (`claim/address/country`). A string claim is a
 * one-element list; numbers and booleans match as text; a missing claim is simply false.
 */
export const claim: Criterion = {
  name: 'claim',
  subPath: 'required',
  compile(data, subPath) {
    const keys = (subPath ?? '').split(/[/.]/);
    if (keys.some((k) => k === '')) {
      throw new IssueError(
        'a claim needs a name: claim/<name>, e.g. claim/groups or claim/address/country',
      );
    }
    if (keys.length > MAX_DEPTH) {
      throw new IssueError(`claim paths go at most ${MAX_DEPTH} levels deep (got ${keys.length})`);
    }
    const match = compileStringListMatcher(data);
    return (input) => {
      if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
      const values = claimValues(input.user?.claims, keys);
      return values !== undefined && match(values) ? OK : UNAUTHORIZED;
    };
  },
};

function claimValues(claims: unknown, keys: readonly string[]): readonly string[] | undefined {
  let value: unknown = claims;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (Array.isArray(value)) {
    // Most claims are already lists of strings: use them as they are (no copy per evaluation).
    if (value.every((v) => typeof v === 'string')) return value;
    return value.flatMap((v) => (isScalar(v) ? [String(v)] : []));
  }
  return isScalar(value) ? [String(value)] : undefined;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `claims/<path>`: Pomerium's other spelling of `claim/<path>`. */
export const claims: Criterion = { ...claim, name: 'claims' };
