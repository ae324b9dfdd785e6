import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createWidgetRegistry } from '@gatehouse/app-kit';
import { createApp } from './app.ts';
import { assetModeOf, ConfigError, loadConfig } from './config.ts';
import { tools } from './tools/index.ts';
import { widgetCsp } from './widget-csp.ts';

// Composition root: the only place that reads process.env and process-wide state.
const here = path.dirname(fileURLToPath(import.meta.url));
const templateDir = path.resolve(here, '..', '..');
const assetsDir = path.join(templateDir, 'assets');
const widgetsSrcDir = path.join(templateDir, 'widgets', 'src', 'widgets');
const pkg = JSON.parse(readFileSync(path.join(templateDir, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

// `.env` is optional; variables already set win (as with --env-file). Loaded here, not with
// `node --env-file-if-exists`: under `node --watch`, a missing file made Node 24 abort on every
// stop ("Assertion failed: (wrap) != nullptr" while unwatching it).
const envFile = path.join(templateDir, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// Development: pretty lines through pino-pretty. Otherwise JSON lines written synchronously to
// stdout. Sync on purpose: pino's default asynchronous destination retries forever at exit when
// stdout is a closed pipe (EPIPE with a log line still queued), so SIGTERM would never end the
// process; a synchronous write drops logging at the first EPIPE instead.
const logger =
  config.nodeEnv === 'development'
    ? pino({
        level: config.logLevel,
        transport: {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
        },
      })
    : pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: true }));

const mode = assetModeOf(config);
const registry = createWidgetRegistry({
  mode,
  assetsDir,
  widgetsSrcDir,
  devServerUrl: `http://localhost:${config.widgetPort}`,
  csp: widgetCsp,
  ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }),
});

// Built assets must exist before the first client asks for a widget: in production fail now,
// with the fix in the message; in inline dev mode the watch build may still be running.
try {
  if (mode !== 'dev') await registry.list();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (mode === 'production') {
    logger.fatal(message);
    process.exit(1);
  }
  logger.warn(`${message} In dev:inline mode the watch build writes them in a moment.`);
}

logger.info(
  {
    port: config.port,
    nodeEnv: config.nodeEnv,
    logLevel: config.logLevel,
    assetMode: mode,
    assetsDir,
    baseUrl: config.baseUrl ?? '',
  },
  'Starting MCP App server',
);

const app = createApp({
  name: pkg.name,
  version: pkg.version,
  logger,
  registry,
  tools,
  assetsDir,
  allowedOrigins: config.allowedOrigins,
  allowedHosts: config.allowedHosts,
  sessionMaxAgeMs: config.sessionMaxAgeMs,
  maxBodyBytes: config.maxBodyBytes,
});

app.server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    logger.fatal(
      `Port ${config.port} is already in use. Stop the other process or set PORT to another port.`,
    );
  } else {
    logger.fatal({ err: error.message }, 'Server failed');
  }
  process.exit(1);
});

app.server.listen(config.port, config.host, () => {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shown =
    config.host === '0.0.0.0' || config.host === '::'
      ? 'localhost'
      : config.host === '127.0.0.1'
        ? 'localhost'
        : config.host;
  logger.info(
    {
      port,
      mcpEndpoint: `http://${shown}:${port}/mcp`,
      healthEndpoint: `http://${shown}:${port}/health`,
    },
    'Server started',
  );
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'Shutting down');
  const deadline = setTimeout(() => {
    process.exitCode = 1;
    try {
      logger.error('Shutdown took longer than 10 s; exiting');
    } finally {
      process.exit();
    }
  }, 10_000);
  deadline.unref();
  await app.close(8_000);
  logger.info('Stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
