import type { GatewayConfig } from '@gatehouse/gateway';
import { PORT_FLAGS, type PortFlag, type StartOptions } from './options.ts';
import type { PlannedPort } from './ports.ts';

/**
 * The embedded defaults with `npm start`'s ports and data folder (the gateway loads lazily).
 * The authenticate service (the OAuth issuer, so the token endpoint) is on `localhost`, not
 * `auth.localhost`: mcp-remote (Claude Desktop's bridge) sends codes and tokens over plain http
 * only to localhost / 127.0.0.1 / ::1, and Node resolves no `*.localhost` name on macOS or
 * Windows. Cookies stay host-only, now on `localhost` (docs/troubleshooting.md, mcp-remote).
 */
export async function defaultsFor(options: StartOptions): Promise<GatewayConfig> {
  const { configFromText } = await import('@gatehouse/gateway');
  const text = [
    `listen: ${JSON.stringify(`127.0.0.1:${String(options.edgePort)}`)}`,
    `authenticate_service_url: ${JSON.stringify(`http://localhost:${String(options.edgePort)}`)}`,
    `data_dir: ${JSON.stringify(options.dataDir)}`,
    `ssh: { listen: ${JSON.stringify(`127.0.0.1:${String(options.sshPort)}`)} }`,
  ].join('\n');
  return configFromText(text, `${options.dataDir}/(npm start defaults)`);
}

/**
 * Every port `npm start` will listen on, with how to move it: a flag, or for the server's own
 * ports with --config, the key in that file.
 */
export function plannedPorts(
  options: StartOptions,
  fileConfig: GatewayConfig | undefined,
): PlannedPort[] {
  const planned: PlannedPort[] = [];
  const add = (flag: PortFlag, port: number) =>
    planned.push({
      port,
      service: PORT_FLAGS[flag].service,
      change: (free) => `npm start -- --${flag} ${String(free)}`,
    });
  const inFile = (service: string, port: number, key: string) =>
    planned.push({ port, service, change: `change ${key} in ${options.configPath ?? ''}` });
  if (fileConfig === undefined) {
    add('edge-port', options.edgePort ?? PORT_FLAGS['edge-port'].fallback);
    add('ssh-port', options.sshPort ?? PORT_FLAGS['ssh-port'].fallback);
  } else {
    if (fileConfig.listen.port !== 0) inFile('Gatehouse edge', fileConfig.listen.port, 'listen');
    if (fileConfig.ssh.enabled && fileConfig.ssh.listen.port !== 0)
      inFile('Gatehouse SSH', fileConfig.ssh.listen.port, 'ssh.listen');
  }
  if (options.template) {
    add('mcp-port', options.mcpPort);
    if (!options.inline) add('widgets-port', options.widgetsPort);
  }
  if (options.devhost) {
    add('devhost-port', options.devhostPort);
    add('sandbox-port', options.sandboxPort);
  }
  return planned;
}
