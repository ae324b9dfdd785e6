import type { LiveTunnel, McpTrafficInspector, SshIdentity, TunnelAccounts } from '@gatehouse/core';
import type { TunnelConnection } from '../connection/tunnel-connection.ts';
import { DEFAULT_ROUTE, isRouteName } from '../forwards/route-name.ts';
import { isEmailAddress } from './email.ts';
import { HELP } from './help.ts';
import { runInspect } from './inspect-command.ts';

export interface CommandContext {
  readonly connection: TunnelConnection;
  readonly identity: SshIdentity;
  readonly accounts: TunnelAccounts;
  /** This account's live tunnels. */
  readonly tunnels: () => readonly LiveTunnel[];
  /** The MCP traffic inspector (`inspect`); absent: the command says it is unavailable. */
  readonly traffic?: McpTrafficInspector;
  /** Aborted when the channel is gone (ends `inspect --follow`). */
  readonly gone?: AbortSignal;
  out(line: string): void;
  err(line: string): void;
}

/** What the session does after a command: exit with a status, or stay like a shell. */
export type CommandResult =
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'stay' }
  | { readonly kind: 'logout' };

/** sysexits.h EX_USAGE. */
export const EXIT_USAGE = 64;

/** Runs an exec request's command line (`ssh host whoami`, `ssh -R 0 host -- --to 3000`). */
export async function runCommand(line: string, ctx: CommandContext): Promise<CommandResult> {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const [name = '', ...args] = words;
  switch (name) {
    case '':
      return { kind: 'stay' };
    case 'help':
    case '--help':
    case '-h':
      ctx.out(HELP);
      return { kind: 'exit', code: 0 };
    case 'whoami':
      ctx.out(`${ctx.identity.email ?? ctx.identity.userId} (namespace ${ctx.identity.namespace})`);
      ctx.out(`key ${ctx.connection.key?.fingerprint ?? '?'}`);
      return { kind: 'exit', code: 0 };
    case 'logout':
      if (ctx.connection.key !== undefined) await ctx.accounts.forget(ctx.connection.key);
      ctx.out('Signed out: this key is forgotten; the next ssh asks you to sign in again.');
      return { kind: 'logout' };
    case 'tunnels':
      return tunnels(ctx);
    case 'status':
      return status(args, ctx);
    case 'share':
      return share(args, ctx);
    case 'inspect': {
      const done = await runInspect(args, { ...ctx, traffic: ctx.traffic, gone: ctx.gone });
      return done.ok ? { kind: 'exit', code: 0 } : usage(ctx, done.usage);
    }
    case 'to':
    case '--to':
      return setLocalAddress(args, ctx);
    default:
      return usage(ctx, `unknown command "${name}"`);
  }
}

function usage(ctx: CommandContext, message: string): CommandResult {
  ctx.err(`gatehouse: ${message}; try: ssh -p 2222 <host> --help`);
  return { kind: 'exit', code: EXIT_USAGE };
}

function tunnels(ctx: CommandContext): CommandResult {
  const live = ctx.tunnels();
  if (live.length === 0) ctx.out('No live tunnels.');
  for (const t of live) {
    const url = ctx.accounts.publicUrl(ctx.identity, t.route);
    ctx.out(`${url}  →  ${t.localAddress}  (connection ${t.connectionId}, from ${t.clientIp})`);
  }
  return { kind: 'exit', code: 0 };
}

function status(args: readonly string[], ctx: CommandContext): CommandResult {
  if (args.length !== 1 || args[0] !== '--json') return usage(ctx, 'status takes --json');
  const view = ctx.connection.view.current();
  const json = {
    sessionId: view.sessionId,
    email: ctx.identity.email,
    namespace: ctx.identity.namespace,
    clientIp: view.clientIp,
    localAddress: ctx.connection.localAddress,
    forwards: view.forwards,
    requests: view.requests,
    tunnels: ctx.tunnels(),
  };
  ctx.out(JSON.stringify(json, null, 2));
  return { kind: 'exit', code: 0 };
}

function setLocalAddress(args: readonly string[], ctx: CommandContext): CommandResult {
  const [address] = args;
  if (address === undefined || args.length !== 1)
    return usage(ctx, '--to takes one port or host:port');
  const result = ctx.connection.setLocalAddress(address);
  if (!result.ok) return usage(ctx, result.message);
  return { kind: 'stay' };
}

async function share(args: readonly string[], ctx: CommandContext): Promise<CommandResult> {
  const [action, ...rest] = args;
  if (action === 'list' && rest.length === 0) {
    const shares = await ctx.accounts.shares(ctx.identity);
    if (shares.length === 0) ctx.out('Nothing is shared.');
    for (const s of shares) ctx.out(`${s.route}  ${s.email}`);
    return { kind: 'exit', code: 0 };
  }
  if (action !== 'add' && action !== 'remove') {
    return usage(ctx, 'share takes add <email> [--route r], remove <email> [--route r] or list');
  }
  const [email, flag, routeArg, ...extra] = rest;
  const route = flag === '--route' ? routeArg : flag === undefined ? DEFAULT_ROUTE : undefined;
  if (email === undefined || !isEmailAddress(email) || extra.length > 0) {
    return usage(ctx, `share ${action} needs one email address`);
  }
  if (route === undefined || !isRouteName(route)) {
    return usage(ctx, 'a route is one DNS label (a-z, 0-9, -), e.g. --route echo');
  }
  const url = ctx.accounts.publicUrl(ctx.identity, route);
  if (action === 'add') {
    await ctx.accounts.share(ctx.identity, route, email);
    ctx.out(`Shared ${url} with ${email}.`);
    return { kind: 'exit', code: 0 };
  }
  const removed = await ctx.accounts.unshare(ctx.identity, route, email);
  if (removed) ctx.out(`${email} can no longer use ${url}.`);
  else ctx.err(`${url} was not shared with ${email}.`);
  return { kind: 'exit', code: removed ? 0 : 1 };
}
