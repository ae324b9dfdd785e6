import { describe, expect, it } from 'vitest';
import { pkce } from './support/harness.ts';
import { redirectedError } from './support/authorize-error.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('B1: PKCE is required', () => {
  it('refuses an authorization request without code_challenge', async () => {
    const error = await redirectedError(as(), {});
    expect(error.get('error')).toBe('invalid_request');
  });
});

describe('B2: only S256', () => {
  it.each([['plain'], ['S512'], [undefined]])(
    'refuses code_challenge_method=%s (omitted would mean plain)',
    async (method) => {
      const error = await redirectedError(as(), {
        code_challenge: pkce().challenge,
        ...(method === undefined ? {} : { code_challenge_method: method }),
      });
      expect(error.get('error')).toBe('invalid_request');
    },
  );

  it('advertises only S256', async () => {
    expect((await as().as.metadata())['code_challenge_methods_supported']).toEqual(['S256']);
  });
});
