import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isValidSessionId } from '../../src/mcp/inspect/index.ts';
import { rawExchange } from './support/inspect-server.ts';

describe('H2: a malformed Mcp-Session-Id is refused before any store lookup', () => {
  it('accepts the ids real servers mint: UUIDs, hex, base64 and base64url', () => {
    for (const id of [randomUUID(), 'a'.repeat(128), 'QUJD+/==', 'ab-_.~9', 'x']) {
      expect(isValidSessionId(id)).toBe(true);
    }
  });

  it('refuses separators, CR/LF, spaces, unicode, empty and oversize values', () => {
    const bad = [
      'abc:victim',
      'abc;x',
      'a,b',
      'a b',
      'a\r\nx-admin: 1',
      'a\tb',
      'sessión',
      '\u0000',
      '',
      'a'.repeat(129),
      'x'.repeat(10 * 1024),
      '"quoted"',
      'a\\b',
    ];
    for (const id of bad) expect(isValidSessionId(id)).toBe(false);
    expect(isValidSessionId(undefined)).toBe(false);
  });

  it('refuses a repeated header, from req.headers (joined) and from req.headersDistinct', async () => {
    const seen: { joined: string | string[] | undefined; distinct: string[] | undefined }[] = [];
    const recorder = createServer((req, res) => {
      seen.push({
        joined: req.headers['mcp-session-id'],
        distinct: req.headersDistinct['mcp-session-id'],
      });
      res.end();
    });
    recorder.listen(0, '127.0.0.1');
    await once(recorder, 'listening');
    onTestFinished(() => {
      recorder.close();
    });
    await rawExchange(
      (recorder.address() as AddressInfo).port,
      'POST /mcp HTTP/1.1\r\nHost: x\r\nMcp-Session-Id: abc\r\nMcp-Session-Id: victim\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(seen).toHaveLength(1);
    expect(isValidSessionId(seen[0]?.joined)).toBe(false);
    expect(isValidSessionId(seen[0]?.distinct)).toBe(false);
    expect(isValidSessionId(['abc'])).toBe(true);
  });
});
