import { GatehouseError } from '@gatehouse/core';
import { lastOption, parseArgs } from '../args.ts';
import { configFrom } from '../config.ts';
import type { CliIo } from '../io.ts';

/**
 * `gatehouse config check [--config file]`: loads the config exactly as `serve` does, without
 * starting anything or creating files. Valid: a summary and any warnings, exit 0. Invalid: the
 * same errors `serve` would print (every problem with its path), exit 1.
 */
export async function configCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { valued: ['config'], switches: [] });
  if (args.positionals[1] !== 'check' || args.positionals.length > 2)
    throw new GatehouseError('ERR_CLI_USAGE', 'usage: gatehouse config check [--config file]');
  const path = lastOption(args, 'config');
  const config = await configFrom(path, io.cwd);
  const mcp = config.routes.filter((r) => r.mcpResource !== undefined).length;
  const providers = config.identityProviders.map((p) => p.id).join(', ');
  io.out(
    `${path ?? 'The embedded defaults'} ${path === undefined ? 'are' : 'is'} valid: ` +
      `${String(config.routes.length)} route${config.routes.length === 1 ? '' : 's'} ` +
      `(${String(mcp)} MCP), sign-in with ${providers}, ` +
      `edge ${config.listen.host}:${String(config.listen.port)}, ` +
      `${config.ssh.enabled ? `SSH ${config.ssh.listen.host}:${String(config.ssh.listen.port)}` : 'no SSH'}, ` +
      `data in ${config.dataDir}.\n`,
  );
  for (const warning of config.warnings) io.out(`warning: ${warning}\n`);
  return 0;
}
