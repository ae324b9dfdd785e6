import { ALLOCATED_PORT, spawnSsh, type SshKey } from './ssh-client.ts';

/**
 * The cipher one `ssh -v` connection negotiates with the server on `port` (as ssh prints it,
 * `chacha20-poly1305@openssh.com`), or `unknown`. Connects, forwards, and ends.
 */
export async function negotiatedCipher(
  port: number,
  key: SshKey,
  args: readonly string[],
): Promise<string> {
  const ssh = spawnSsh({ port, key, args: ['-v', ...args] });
  try {
    await ssh.waitFor(ALLOCATED_PORT, 15_000);
    return /kex: server->client cipher: (\S+)/.exec(ssh.output())?.[1] ?? 'unknown';
  } finally {
    await ssh.stop();
  }
}
