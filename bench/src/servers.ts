import path from 'node:path';
import type { ServerCommand } from './lib/child-server.ts';

/** The template's production server, as `npm start` runs it (minus `.env`). */
export function templateServer(
  templateDir: string,
  entry: string,
): (port: number) => ServerCommand {
  return (port) => ({
    name: `template (${entry})`,
    args: [entry],
    cwd: templateDir,
    env: { NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
  });
}

/** The bare node:http echo server (baselines/bare-echo-server.ts, stripped to `.mjs`). */
export function bareServer(jsFile: string): (port: number) => ServerCommand {
  return (port) => ({
    name: 'bare node:http',
    args: [jsFile],
    cwd: path.dirname(jsFile),
    env: { NODE_ENV: 'production', PORT: String(port) },
  });
}

/** The MCP SDK v2 alone serving the same echo tool (baselines/sdk-echo-server.ts). */
export function sdkServer(tsFile: string): (port: number) => ServerCommand {
  return (port) => ({
    name: 'bare MCP SDK v2',
    args: [tsFile],
    cwd: path.dirname(tsFile),
    env: { NODE_ENV: 'production', PORT: String(port) },
  });
}
