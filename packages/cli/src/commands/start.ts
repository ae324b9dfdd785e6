import { configFromText, loadConfigFile, type GatewayConfig } from '@gatehouse/gateway';
import type { DevHost } from '@gatehouse/devhost';
import { startSystem, type GatehouseSystem } from '../system.ts';
import type { CliIo } from '../io.ts';
import { createLogger } from '../logger.ts';
import { buildDevhost, devhostNeedsBuild, startDevhost } from '../start/devhost.ts';
import { createDisplay, shownPath } from '../start/display.ts';
import {
  parseStartOptions,
  PORT_FLAGS,
  START_USAGE,
  type PortFlag,
  type StartOptions,
} from '../start/options.ts';
import { checkPorts, type PlannedPort } from '../start/ports.ts';
import { startTemplate, type RunningTemplate } from '../start/template.ts';
import { watchTunnels } from '../start/tunnel-watch.ts';

/** The embedded defaults with `npm start`'s ports and data folder. */
function defaultsFor(options: StartOptions): GatewayConfig {
  const text = [
    `listen: ${JSON.stringify(`127.0.0.1:${String(options.edgePort)}`)}`,
    `authenticate_service_url: ${JSON.stringify(`http://auth.localhost:${String(options.edgePort)}`)}`,
    `data_dir: ${JSON.stringify(options.dataDir)}`,
    `ssh: { listen: ${JSON.stringify(`127.0.0.1:${String(options.sshPort)}`)} }`,
  ].join('\n');
  return configFromText(text, `${options.dataDir}/(npm start defaults)`);
}

function plannedPorts(options: StartOptions, config: GatewayConfig): PlannedPort[] {
  const planned: PlannedPort[] = [];
  const add = (flag: PortFlag, port: number) =>
    planned.push({
      port,
      service: PORT_FLAGS[flag].service,
      change: `npm start -- --${flag} ${String(port + 1)}`,
    });
  const inFile = (service: string, port: number, key: string) =>
    planned.push({ port, service, change: `change ${key} in ${options.configPath ?? ''}` });
  if (options.configPath === undefined) {
    add('edge-port', config.listen.port);
    if (config.ssh.enabled) add('ssh-port', config.ssh.listen.port);
  } else {
    if (config.listen.port !== 0) inFile('Gatehouse edge', config.listen.port, 'listen');
    if (config.ssh.enabled && config.ssh.listen.port !== 0)
      inFile('Gatehouse SSH', config.ssh.listen.port, 'ssh.listen');
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

/**
 * `gatehouse start` (what `npm start` runs): the Gatehouse server (edge, sign-in, OAuth, SSH),
 * the MCP App template in dev mode and the dev host, with a progress display and the next steps.
 * Runs until SIGINT/SIGTERM, then stops everything it started.
 */
export async function startCommand(
  argv: readonly string[],
  io: CliIo,
  signals: { onStop(handler: () => void): void },
): Promise<number> {
  const began = performance.now();
  const options = parseStartOptions(argv, io.cwd);
  if (options === undefined) {
    io.out(START_USAGE);
    return 0;
  }
  const config =
    options.configPath === undefined
      ? defaultsFor(options)
      : await loadConfigFile(options.configPath);
  await checkPorts(plannedPorts(options, config));

  const display = createDisplay(io.out);
  const logger = createLogger(options.logLevel);
  const dataDir = shownPath(config.dataDir, io.cwd);
  display.line(`Starting Gatehouse (data in ${dataDir})`);

  // Child output is held back during start-up (the progress lines say what matters) and shown,
  // prefixed, once everything is up; warnings and errors are shown at once.
  let streaming = false;
  const childLine = (name: string, line: string) => {
    if (streaming || /\b(warn|error|fatal)/i.test(line)) io.out(`${name.padStart(7)} │ ${line}\n`);
  };
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const value = await work();
    return [value, performance.now() - t0];
  };

  let system: GatehouseSystem | undefined;
  let template: RunningTemplate | undefined;
  let devhost: DevHost | undefined;
  const stopAll = async () => {
    await Promise.all([devhost?.close(), template?.stop(), system?.close()]);
  };
  const mcpUrl = `http://localhost:${String(options.mcpPort)}/mcp`;

  try {
    const server = timed(() =>
      startSystem({
        config,
        logger,
        tunnelLocalAddress: `localhost:${String(options.mcpPort)}`,
      }),
    ).then(([value, ms]) => {
      system = value;
      const ssh = value.sshPort === undefined ? 'no SSH' : `SSH port ${String(value.sshPort)}`;
      display.step('Gatehouse server', `${config.authenticateServiceUrl} · ${ssh}`, ms);
    });
    const app = !options.template
      ? Promise.resolve()
      : timed(() =>
          startTemplate({
            dir: options.templateDir,
            mcpPort: options.mcpPort,
            widgetsPort: options.widgetsPort,
            inline: options.inline,
            color: process.stdout.isTTY,
            onLine: childLine,
          }),
        ).then(([value, ms]) => {
          template = value;
          display.step('MCP server', value.mcpUrl, ms);
          display.step(
            options.inline ? 'Widgets (inline)' : 'Widget dev server',
            value.widgetsUrl ?? 'bundled into the widget HTML, rebuilt on change',
            ms,
          );
        });
    const host = !options.devhost
      ? Promise.resolve()
      : timed(async () => {
          if (devhostNeedsBuild()) {
            display.line('  … building the dev host web app (first run only)');
            await buildDevhost((line) => childLine('devhost', line));
          }
          return startDevhost({
            port: options.devhostPort,
            sandboxPort: options.sandboxPort,
            serverUrl: mcpUrl,
            logger: logger.child({ component: 'devhost' }),
          });
        }).then(([value, ms]) => {
          devhost = value;
          display.step('Dev host', value.hostUrl, ms);
        });
    const results = await Promise.allSettled([server, app, host]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  } catch (error) {
    await stopAll();
    logger.flush();
    throw error;
  }
  const running = system;
  if (running === undefined) throw new Error('the Gatehouse server did not start');
  const sshHost = config.ssh.listen.host === '0.0.0.0' ? 'localhost' : config.ssh.listen.host;
  display.ready(performance.now() - began, {
    firstRunLink: running.gateway.firstRunLink,
    accountUrl: `${config.authenticateServiceUrl}/account`,
    sshCommand:
      running.sshPort === undefined
        ? undefined
        : `ssh -p ${String(running.sshPort)} -R 0 ${sshHost === '127.0.0.1' ? 'localhost' : sshHost}`,
    devhostUrl: devhost?.hostUrl,
    mcpUrl: template?.mcpUrl,
    dataDir,
  });
  streaming = true;
  const watcher =
    running.tunnel === undefined
      ? undefined
      : watchTunnels(running.tunnel, running.gateway.tunnelAccounts, (change) =>
          display.tunnel(change, devhost?.hostUrl),
        );
  let stopping = false;
  for (const child of template?.children ?? []) {
    void child.exited.then((how) => {
      if (!stopping)
        display.line(
          `! The template's ${child.name} process stopped (${how}); the tunnel now answers 502. ` +
            'Fix the error above and run npm start again.',
        );
    });
  }
  await new Promise<void>((done) => signals.onStop(done));
  stopping = true;
  display.line('\nStopping…');
  watcher?.stop();
  await stopAll();
  logger.flush();
  display.line('Stopped.');
  return 0;
}
