import { spawn } from 'node:child_process';
import { Browser, formField } from '../lib/browser.ts';
import type { BenchAccount } from '../gateway/account.ts';
import type { SshKey } from '../tunnel/ssh-client.ts';
import { spawnSsh } from '@gatehouse/testing';
import { REPO_ROOT } from './npm-start.ts';

// The one-time set-up before the remembered-key connects: an account made with the CLI, a
// browser signed in, and one `ssh -R 0` whose browser sign-in is authorized with "Remember me"
// (as e2e/support/tunnel-system.ts does it, but against a running `npm start`).

/** What the SSH server prints for an unbound key: the verify page of the authenticate service. */
const VERIFY_URL = /http:\/\/auth\.localhost:\d+\/ssh\/verify\?user_code=[A-Z]{4}-[A-Z]{4}/;
const ALLOCATED = /Allocated port \d+/;

/** `gatehouse users add <email> --data-dir <dir> --password-stdin`, the documented way. */
export function addAccount(dataDir: string, account: BenchAccount): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...['packages/cli/src/main.ts', 'users', 'add', account.email],
        ...['--data-dir', dataDir, '--password-stdin'],
      ],
      { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`gatehouse users add exited ${code}: ${stderr}`)),
    );
    child.stdin.end(`${account.password}\n`);
  });
}

/** A browser with a session at the authenticate service (`http://localhost:<edge>` by default). */
export async function signedInBrowser(authUrl: string, account: BenchAccount): Promise<Browser> {
  const browser = new Browser();
  const signin = new URL('/signin', authUrl);
  const page = await browser.request(signin, { headers: { accept: 'text/html' } });
  if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}`);
  const posted = await browser.postForm(signin, {
    email: account.email,
    password: account.password,
    csrf: formField(page.body, 'csrf'),
    return_to: new URL('/account', authUrl).href,
  });
  if (posted.status !== 302) throw new Error(`signing in answered ${posted.status}`);
  return browser;
}

/**
 * `ssh -N -R 0 <host>` with a key no account knows yet: reads the verify URL it prints,
 * authorizes it in `browser` with "Remember me", waits until the forward is allocated and then
 * for `whileLive` (e.g. npm start's ACTIVE line), and ends the session. From then on the key
 * signs in by itself.
 */
export async function rememberKey(
  sshPort: number,
  host: string,
  key: SshKey,
  browser: Browser,
  whileLive: () => Promise<unknown>,
): Promise<void> {
  const ssh = spawnSsh(sshPort, key, ['-N', '-R', '0', host]);
  try {
    const [verify = ''] = await ssh.waitFor(VERIFY_URL, 10_000);
    const verifyUrl = new URL(verify);
    const page = await browser.request(verifyUrl, { headers: { accept: 'text/html' } });
    if (page.status !== 200) throw new Error(`the verify page answered ${page.status}`);
    const answered = await browser.postForm(new URL('/ssh/verify', verifyUrl), {
      csrf: formField(page.body, 'csrf'),
      user_code: formField(page.body, 'user_code'),
      decision: 'authorize',
      remember: '1',
    });
    if (answered.status >= 400) throw new Error(`authorizing answered ${answered.status}`);
    await ssh.waitFor(ALLOCATED, 10_000);
    await whileLive();
  } catch (error) {
    // ssh's output holds the one-time user code: keep it out of the report (and so the cause).
    const message = error instanceof Error ? error.message : String(error);
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`remembering the key: ${message.replace(/user_code=[\w-]+/g, 'user_code=…')}`);
  } finally {
    ssh.child.kill('SIGTERM');
    await ssh.exited;
  }
}
