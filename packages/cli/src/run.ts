import { isGatehouseError } from '@gatehouse/core';
import type { CliIo } from './io.ts';

export const USAGE = `Usage:
  gatehouse start [--edge-port 8787] [--ssh-port 2222] [--mcp-port 8080] [--widgets-port 4444]
                  [--devhost-port 5174] [--sandbox-port 5175] [--data-dir data] [--config file]
                  [--inline] [--no-template] [--no-devhost] [--template-dir template] [--log-level warn]
      The whole local system (what npm start runs): server, SSH tunnel, template, dev host.
  gatehouse serve [--config gatehouse.yaml] [--admin-email you@example.com] [--log-level info]
                  [--workers 1|N|auto]
      --workers: N processes sharing the listeners (edge, SSH, admin) and the store; auto = cores.
  gatehouse nodes [--config file | --data-dir dir] [--json]
      Live nodes (processes) on the store and the tunnels each one holds.
  gatehouse users add <email> [--group <name>]... [--password-stdin] [--config file | --data-dir dir]
  gatehouse users list [--config file | --data-dir dir]
  gatehouse users disable <email> [--config file | --data-dir dir]
  gatehouse users enable <email> [--config file | --data-dir dir]
  gatehouse users reset-password <email> [--config file | --data-dir dir]
  gatehouse users set-groups <email> [--group <name>]... [--config file | --data-dir dir]
  gatehouse config check [--config gatehouse.yaml]
  gatehouse doctor <https-mcp-url> [--token <t>] [--json] [--ca-file <pem>]...
                   [--resolve <host:port:address>]... [--timeout 10] [--origin <origin>]
      Checks a public MCP deployment the way ChatGPT and Claude will (token also from
      GATEHOUSE_DOCTOR_TOKEN; never printed).
  gatehouse init --domain example.com --email ops@example.com [--config gatehouse.yaml]
                 [--ssh-port 22] [--data-dir ./data]
      Writes a public gatehouse.yaml (HTTPS with automatic certificates) and prints the DNS records.

Without --config, embedded defaults are used: edge http://*.localhost:8787,
sign-in at http://localhost:8787, data in ./data.
`;

/**
 * Runs one command and returns the exit code: 0 ok, 1 failure, 64 usage error (sysexits).
 * Errors are printed as one line with their stable code; never a stack for expected errors.
 */
export async function run(
  argv: readonly string[],
  io: CliIo,
  signals: { onStop(handler: () => void): void },
): Promise<number> {
  const command = argv[0];
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return command === undefined ? 64 : 0;
    }
    // Each command loads its modules when it runs: `start` spawns the template before the
    // server's (heavier) modules are loaded.
    if (command === 'serve')
      return await (await import('./commands/serve.ts')).serveCommand(argv, io, signals);
    if (command === 'start')
      return await (await import('./commands/start.ts')).startCommand(argv.slice(1), io, signals);
    if (command === 'users')
      return await (await import('./commands/users.ts')).usersCommand(argv, io);
    if (command === 'nodes')
      return await (await import('./commands/nodes.ts')).nodesCommand(argv, io);
    if (command === 'init') return await (await import('./commands/init.ts')).initCommand(argv, io);
    if (command === 'config')
      return await (await import('./commands/config.ts')).configCommand(argv, io);
    if (command === 'doctor')
      return await (await import('./commands/doctor.ts')).doctorCommand(argv, io, process.env);
    io.err(`gatehouse: unknown command "${command}"\n\n${USAGE}`);
    return 64;
  } catch (error) {
    if (isGatehouseError(error)) {
      io.err(`gatehouse: ${error.message} [${error.code}]\n`);
      return error.code === 'ERR_CLI_USAGE' ? 64 : 1;
    }
    io.err(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
