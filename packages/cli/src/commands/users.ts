import { existsSync } from 'node:fs';
import { GatehouseError } from '@gatehouse/core';
import {
  checkPasswordStrength,
  createSignInLink,
  hashPassword,
  openConfiguredStore,
} from '@gatehouse/gateway';
import { lastOption, parseArgs } from '../args.ts';
import { configFrom } from '../config.ts';
import type { CliIo } from '../io.ts';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function emailArg(positionals: readonly string[], command: string): string {
  const email = positionals[2];
  if (email === undefined || positionals.length > 3)
    throw new GatehouseError('ERR_CLI_USAGE', `usage: gatehouse users ${command} <email>`);
  if (!EMAIL.test(email))
    throw new GatehouseError('ERR_CLI_USAGE', `not an e-mail address: "${email}"`);
  return email.toLowerCase();
}

type Store = Awaited<ReturnType<typeof openConfiguredStore>>;

/** What each subcommand works with. */
interface UsersContext {
  readonly store: Store;
  readonly io: CliIo;
  readonly args: ReturnType<typeof parseArgs>;
  readonly authUrl: string;
}

async function existing(store: Store, email: string) {
  const account = await store.accounts.findByEmail(email);
  if (account === undefined)
    throw new GatehouseError('ERR_CLI_NOT_FOUND', `no account for ${email}`);
  return account;
}

async function listUsers({ store, io }: UsersContext): Promise<void> {
  const accounts = await store.accounts.list();
  if (accounts.length === 0) io.out('No accounts yet.\n');
  for (const a of accounts) {
    io.out(
      `${a.email}\t${a.disabled ? 'disabled' : 'active'}\t${a.groups.join(',') || '-'}\t${a.passwordHash === null ? 'no password' : 'password set'}\n`,
    );
  }
}

async function addUser({ store, io, args, authUrl }: UsersContext): Promise<void> {
  const email = emailArg(args.positionals, 'add');
  const groups = args.options.get('group') ?? [];
  let passwordHash: string | null = null;
  if (args.options.has('password-stdin')) {
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    const weak = checkPasswordStrength(password);
    if (weak !== undefined) throw new GatehouseError('ERR_CLI_USAGE', `password refused: ${weak}`);
    passwordHash = await hashPassword(password);
  }
  const account = await store.accounts.create({ email, groups, passwordHash });
  io.out(`Added ${account.email}${groups.length > 0 ? ` (groups: ${groups.join(', ')})` : ''}.\n`);
  if (passwordHash === null) {
    const link = await createSignInLink(store.records, authUrl, { email, groups }, Date.now());
    io.out(`Send them this one-time link to set a password (valid 24 hours):\n  ${link}\n`);
  }
}

async function enableOrDisable(
  { store, io, args }: UsersContext,
  sub: 'enable' | 'disable',
): Promise<void> {
  const email = emailArg(args.positionals, sub);
  const account = await existing(store, email);
  await store.accounts.update(account.id, { disabled: sub === 'disable' });
  if (sub === 'disable') {
    const ended = await store.sessions.deleteByUser(account.id);
    io.out(`Disabled ${email}; ended ${ended} session${ended === 1 ? '' : 's'}.\n`);
  } else {
    io.out(`Enabled ${email}.\n`);
  }
}

async function resetPassword({ store, io, args, authUrl }: UsersContext): Promise<void> {
  const account = await existing(store, emailArg(args.positionals, 'reset-password'));
  const link = await createSignInLink(
    store.records,
    authUrl,
    { email: account.email, groups: [...account.groups] },
    Date.now(),
  );
  io.out(
    `Send ${account.email} this one-time link to choose a new password (valid 24 hours; ` +
      `the old password works until then):\n  ${link}\n`,
  );
}

async function setGroups({ store, io, args }: UsersContext): Promise<void> {
  const account = await existing(store, emailArg(args.positionals, 'set-groups'));
  const groups = [...new Set(args.options.get('group') ?? [])];
  await store.accounts.update(account.id, { groups });
  // Sessions carry the groups they started with: end them so policies see the new ones.
  const ended = await store.sessions.deleteByUser(account.id);
  io.out(
    `${account.email}: groups ${groups.length === 0 ? 'none' : groups.join(', ')}; ` +
      `ended ${String(ended)} session${ended === 1 ? '' : 's'} (MCP clients get the new ` +
      `groups with their next access token).\n`,
  );
}

const SUBCOMMANDS: Record<string, (ctx: UsersContext) => Promise<void>> = {
  list: listUsers,
  add: addUser,
  disable: (ctx) => enableOrDisable(ctx, 'disable'),
  enable: (ctx) => enableOrDisable(ctx, 'enable'),
  'reset-password': resetPassword,
  'set-groups': setGroups,
};

/**
 * `gatehouse users add|list|disable|enable|reset-password|set-groups`: works on the store
 * directly, also while serving.
 */
export async function usersCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    valued: ['config', 'group', 'data-dir'],
    switches: ['password-stdin'],
  });
  const sub = args.positionals[1];
  const config = await configFrom(lastOption(args, 'config'), io.cwd, lastOption(args, 'data-dir'));
  // The server's store: SQLite in the data folder, or the configured PostgreSQL database.
  const fresh = config.store.kind === 'sqlite' && !existsSync(config.store.file);
  const store = await openConfiguredStore(config.store);
  if (fresh)
    // The README's order (serve --config …, then users add without it) wrote to another folder
    // and the link then failed on the server: say which folder this is and how to pick another.
    io.err(
      `warning: there was no Gatehouse data in ${config.dataDir} yet; it is created now. ` +
        'A running server uses its own data folder: run users commands with the same --config ' +
        '(or --data-dir) as gatehouse serve / npm start.\n',
    );
  try {
    const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (run === undefined)
      throw new GatehouseError(
        'ERR_CLI_USAGE',
        'usage: gatehouse users add|list|disable|enable|reset-password|set-groups <email>',
      );
    await run({ store, io, args, authUrl: config.authenticateServiceUrl });
    return 0;
  } finally {
    await store.close();
  }
}
