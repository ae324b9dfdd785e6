import { describe, expect, it } from 'vitest';
import { parseResult } from '../../src/tunnel-accounts/pending.ts';

// A sign-in answer lives five minutes in the shared store; during a rolling upgrade a node of the
// previous version may have written it with the user id under its old name, `accountId`.
describe('an SSH sign-in answer written by the previous version', () => {
  it('still settles the waiting node, with the user id under its new name', () => {
    const result = parseResult({
      approved: true,
      identity: { accountId: 'acc-ada', email: 'ada@example.com', namespace: 'calm-heron-7' },
    });
    expect(result).toEqual({
      approved: true,
      identity: { userId: 'acc-ada', email: 'ada@example.com', namespace: 'calm-heron-7' },
    });
  });

  it('reads the current field name', () => {
    const result = parseResult({
      approved: true,
      identity: { userId: 'acc-ada', email: null, namespace: 'calm-heron-7' },
    });
    expect(result).toEqual({
      approved: true,
      identity: { userId: 'acc-ada', email: null, namespace: 'calm-heron-7' },
    });
  });

  it('reads as absent when neither name holds a string', () => {
    expect(
      parseResult({ approved: true, identity: { email: null, namespace: 'calm-heron-7' } }),
    ).toBeUndefined();
  });
});
