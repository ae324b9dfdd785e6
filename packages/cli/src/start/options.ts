import { resolve } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { lastOption, parseArgs } from '../args.ts';

/** What `gatehouse start` (`npm start`) runs, from its flags. */
export interface StartOptions {
  /** Gateway edge; `undefined` with --config (the file's `listen` decides). */
  readonly edgePort: number | undefined;
  /** SSH endpoint; `undefined` with --config (the file's `ssh.listen` decides). */
  readonly sshPort: number | undefined;
  readonly mcpPort: number;
  readonly widgetsPort: number;
  readonly devhostPort: number;
  readonly sandboxPort: number;
  readonly dataDir: string;
  readonly configPath: string | undefined;
  readonly inline: boolean;
  readonly template: boolean;
  readonly devhost: boolean;
  readonly logLevel: string;
  /** The template's folder (its package.json), `<cwd>/template` unless given. */
  readonly templateDir: string;
}

/** Flags that pick a port, with the service each one belongs to (for messages). */
export const PORT_FLAGS = {
  'edge-port': { service: 'Gatehouse edge', fallback: 8787 },
  'ssh-port': { service: 'Gatehouse SSH', fallback: 2222 },
  'mcp-port': { service: 'MCP server (template)', fallback: 8080 },
  'widgets-port': { service: 'widget dev server', fallback: 4444 },
  'devhost-port': { service: 'dev host', fallback: 5174 },
  'sandbox-port': { service: 'dev host sandbox', fallback: 5175 },
} as const;
export type PortFlag = keyof typeof PORT_FLAGS;

export const START_USAGE = `Usage: npm start -- [options]   (gatehouse start [options])

Runs the Gatehouse server (edge, sign-in, OAuth, SSH tunnel endpoint), the MCP App template in
dev mode and the dev host, until Ctrl-C.

  --edge-port <n>      Gatehouse edge and sign-in, http://*.localhost:<n>   (8787)
  --ssh-port <n>       SSH tunnel endpoint: ssh -p <n> -R 0 localhost      (2222)
  --mcp-port <n>       the template's MCP server, http://localhost:<n>/mcp (8080)
  --widgets-port <n>   the template's widget dev server                    (4444)
  --devhost-port <n>   the dev host web page                               (5174)
  --sandbox-port <n>   the dev host's sandbox origin                       (5175)
  --data-dir <dir>     accounts, keys and the database                     (./data)
  --config <file>      a gatehouse.yaml instead of the defaults (no --edge-port, --ssh-port, --data-dir)
  --inline             widgets inlined into their HTML (for Claude.ai), rebuilt on change
  --no-template        do not start the template
  --no-devhost         do not start the dev host
  --template-dir <dir> the MCP App to run                                  (./template)
  --log-level <level>  the server's log level                              (warn)
`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function port(args: ReturnType<typeof parseArgs>, flag: PortFlag): number {
  const text = lastOption(args, flag);
  if (text === undefined) return PORT_FLAGS[flag].fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535)
    throw new GatehouseError('ERR_CLI_USAGE', `--${flag} must be a port from 1 to 65535`);
  return value;
}

/** The options, or `undefined` for --help. */
export function parseStartOptions(argv: readonly string[], cwd: string): StartOptions | undefined {
  const args = parseArgs(argv, {
    valued: [...Object.keys(PORT_FLAGS), 'data-dir', 'config', 'log-level', 'template-dir'],
    switches: ['inline', 'no-template', 'no-devhost', 'help'],
  });
  if (args.options.has('help')) return undefined;
  if (args.positionals.length > 0)
    throw new GatehouseError('ERR_CLI_USAGE', `unexpected argument "${args.positionals[0] ?? ''}"`);
  const configPath = lastOption(args, 'config');
  for (const flag of ['edge-port', 'ssh-port', 'data-dir'] as const) {
    if (configPath !== undefined && args.options.has(flag))
      throw new GatehouseError(
        'ERR_CLI_USAGE',
        `--${flag} cannot be combined with --config: set it in the config file`,
      );
  }
  const logLevel = lastOption(args, 'log-level') ?? 'warn';
  if (!LOG_LEVELS.includes(logLevel))
    throw new GatehouseError(
      'ERR_CLI_USAGE',
      `--log-level must be one of ${LOG_LEVELS.join(', ')}`,
    );
  const template = !args.options.has('no-template');
  const options: StartOptions = {
    edgePort: configPath === undefined ? port(args, 'edge-port') : undefined,
    sshPort: configPath === undefined ? port(args, 'ssh-port') : undefined,
    mcpPort: port(args, 'mcp-port'),
    widgetsPort: port(args, 'widgets-port'),
    devhostPort: port(args, 'devhost-port'),
    sandboxPort: port(args, 'sandbox-port'),
    dataDir: resolve(cwd, lastOption(args, 'data-dir') ?? 'data'),
    configPath: configPath === undefined ? undefined : resolve(cwd, configPath),
    inline: args.options.has('inline'),
    template,
    devhost: !args.options.has('no-devhost'),
    logLevel,
    templateDir: resolve(cwd, lastOption(args, 'template-dir') ?? 'template'),
  };
  if (options.inline && !template)
    throw new GatehouseError('ERR_CLI_USAGE', '--inline cannot be combined with --no-template');
  return options;
}
