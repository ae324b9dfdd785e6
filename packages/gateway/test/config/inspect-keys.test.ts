import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { errorLines } from './support.ts';

describe('inspect: config keys', () => {
  it('defaults: 500 exchanges, 256 KiB per body, 100 persisted, admins see all', () => {
    expect(configFromText('', '/tmp/gatehouse.yaml').inspect).toEqual({
      bufferSize: 500,
      maxBodyBytes: 262_144,
      persistSize: 100,
      tunnelPersist: false,
      admins: true,
    });
  });

  it.each([
    ['inspect:\n  buffer_size: 5\n', 'inspect.buffer_size: must be at least 10'],
    ['inspect:\n  max_body_bytes: 100\n', 'inspect.max_body_bytes: must be at least 1024'],
    ['inspect:\n  max_body_bytes: 99999999\n', 'inspect.max_body_bytes: must be at most 16777216'],
    ['inspect:\n  persist_size: 0\n', 'inspect.persist_size: must be at least 1'],
    ['inspect:\n  bufer_size: 5\n', 'unknown key "bufer_size" (did you mean "buffer_size"?)'],
  ])('%j is refused naming the key', (yaml, message) => {
    expect(errorLines(yaml).join('\n')).toContain(message);
  });
});
