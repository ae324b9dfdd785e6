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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function port(args: ReturnType<typeof parseArgs>, flag: PortFlag): number {
  const text = lastOption(args, flag);
  if (text === undefined) return PORT_FLAGS[flag].fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535)
    throw new GatehouseError('ERR_CLI_USAGE', `--${flag} must be a port from 1 to 65535`);
  return value;
}

export function parseStartOptions(argv: readonly string[], cwd: string): StartOptions {
  const args = parseArgs(argv, {
    valued: [...Object.keys(PORT_FLAGS), 'data-dir', 'config', 'log-level', 'template-dir'],
    switches: ['inline', 'no-template', 'no-devhost'],
  });
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
