import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALICE, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// ssh2 passes the publickey signature through unchecked (spikes.md §3): a client that knows a
// bound PUBLIC key must not get in by signing with some other private key.
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** An ssh-agent that offers `shown`'s public key but signs with `signer`. */
class ForgingAgent extends ssh2.BaseAgent<Buffer> {
  readonly #shown: Buffer;
  readonly #signer: ParsedKey;
  constructor(shown: ParsedKey, signer: ParsedKey) {
    super();
    this.#shown = shown.getPublicSSH();
    this.#signer = signer;
  }
  getIdentities(cb: (error: Error | undefined, keys?: Buffer[]) => void): void {
    cb(undefined, [this.#shown]);
  }
  sign(_key: Buffer, data: Buffer, ...rest: unknown[]): void {
    const cb = rest.at(-1) as (error: Error | undefined, signature?: Buffer) => void;
    cb(undefined, this.#signer.sign(data));
  }
}

function parse(path: string): ParsedKey {
  const key = ssh2.utils.parseKey(readFileSync(path));
  if (key instanceof Error) throw key;
  return key;
}

function connect(auth: { privateKey: Buffer } | { agent: ForgingAgent }): Promise<string> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client.once('ready', () => {
      client.end();
      resolve('ready');
    });
    client.once('error', (error) => resolve(error.message));
    client.connect({ host: '127.0.0.1', port: h.port, username: 'x', ...auth });
  });
}

it('a signature made with another key is refused even though the public key is bound', async () => {
  const victim = h.key('victim');
  const attacker = h.key('attacker');
  h.accounts.bind(victim.fingerprint, ALICE);
  const agent = new ForgingAgent(parse(victim.path), parse(attacker.path));
  expect(await connect({ agent })).toMatch(/authentication methods failed/);
  expect(h.server.list()).toEqual([]);
});

it('the genuine key signs in, also through an agent (the checks above can fail)', async () => {
  const victim = h.key('victim');
  h.accounts.bind(victim.fingerprint, ALICE);
  expect(await connect({ privateKey: readFileSync(victim.path) })).toBe('ready');
  const agent = new ForgingAgent(parse(victim.path), parse(victim.path));
  expect(await connect({ agent })).toBe('ready');
});
