import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

// `gatehouse serve` with its SSH port taken: one line naming the port and the config key, a
// stable code, exit 1, and no half-started gateway left listening.
it('serve: an SSH port in use is a clear error with its code, and the process exits', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-ssh-busy-'));
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as AddressInfo).port;
  try {
    const config = join(dir, 'gatehouse.yaml');
    await writeFile(
      config,
      `listen: 127.0.0.1:0\ndata_dir: ${dir}\nssh: { listen: 127.0.0.1:${String(port)} }\n`,
    );
    const child = spawn(process.execPath, [MAIN, 'serve', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `gatehouse: SSH port ${String(port)} on 127.0.0.1 is already in use: stop the other program or change ssh.listen in the config [ERR_TUNNEL_LISTEN]`,
    );
  } finally {
    await new Promise((r) => busy.close(r));
    await rm(dir, { recursive: true, force: true });
  }
});
