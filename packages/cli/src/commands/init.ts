import { open } from 'node:fs/promises';
import { connect } from 'node:net';
import { relative, resolve } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { configFromText } from '@gatehouse/gateway';
import { lastOption, parseArgs } from '../args.ts';
import type { CliIo } from '../io.ts';
import { initNextSteps, initYaml } from './init-yaml.ts';

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * `gatehouse init --domain example.com --email ops@example.com [--config gatehouse.yaml]
 * [--ssh-port 22|2222] [--data-dir ./data]`: writes a public config with ACME and prints the
 * DNS records to create. Never overwrites a file.
 */
export async function initCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    valued: ['domain', 'email', 'config', 'ssh-port', 'data-dir'],
    switches: [],
  });
  if (args.positionals.length > 1)
    throw new GatehouseError('ERR_CLI_USAGE', `unexpected argument "${args.positionals[1] ?? ''}"`);
  const domain = (lastOption(args, 'domain') ?? '').toLowerCase().replace(/\.$/, '');
  const email = lastOption(args, 'email') ?? '';
  if (!DOMAIN.test(domain))
    throw new GatehouseError(
      'ERR_CLI_USAGE',
      '--domain needs a DNS name you control, e.g. --domain example.com',
    );
  if (!EMAIL.test(email))
    throw new GatehouseError(
      'ERR_CLI_USAGE',
      '--email needs an address for certificate notices, e.g. --email ops@example.com',
    );
  const sshText = lastOption(args, 'ssh-port');
  const sshPort = sshText === undefined ? await defaultSshPort() : Number(sshText);
  if (!Number.isInteger(sshPort) || sshPort < 1 || sshPort > 65535)
    throw new GatehouseError(
      'ERR_CLI_USAGE',
      `--ssh-port must be a port number, got "${sshText ?? ''}"`,
    );
  const file = resolve(io.cwd, lastOption(args, 'config') ?? 'gatehouse.yaml');
  const answers = { domain, email, sshPort, dataDir: lastOption(args, 'data-dir') ?? './data' };
  const text = initYaml(answers);
  // The same loader as `serve`: what init writes is a config serve accepts.
  configFromText(text, file);
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new GatehouseError(
      exists ? 'ERR_CLI_INIT_EXISTS' : 'ERR_CLI_INIT_WRITE',
      exists
        ? `${file} already exists; init never overwrites a config (move it away, or pass --config new.yaml)`
        : `cannot write ${file}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  const shown = relative(io.cwd, file);
  io.out(initNextSteps(answers, shown.startsWith('..') ? file : shown));
  return 0;
}

/**
 * 22 when nothing answers there (so `ssh -R 0 example.com` works), else 2222: the machine's own
 * sshd usually has 22. A connect needs no privileges, unlike trying to bind it.
 */
async function defaultSshPort(): Promise<number> {
  const taken = await new Promise<boolean>((done) => {
    const socket = connect({ host: '127.0.0.1', port: 22 });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      done(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
  return taken ? 2222 : 22;
}
