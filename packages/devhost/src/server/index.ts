import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { silentLogger } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import type { DevHostConfig } from '../shared/contract.ts';
import { createHostHandler } from './host-server.ts';
import type { HostSite } from './host-server.ts';
import { closeServer, listenLoopback } from './listen.ts';
import { createSandboxHandler } from './sandbox-server.ts';
import type { SandboxSite } from './sandbox-server.ts';

export interface DevHostOptions {
  /** 0 = any free port. */
  readonly hostPort: number;
  /** 0 = any free port. Must differ from hostPort: the sandbox needs its own origin. */
  readonly sandboxPort: number;
  /** Absolute path of the built web app (index.html + assets). */
  readonly appDir: string;
  /** Pre-filled MCP server URL, e.g. http://localhost:8080/mcp. */
  readonly defaultServerUrl: string;
  readonly logger?: Logger;
}

export interface DevHost {
  /** `http://localhost:<port>`. */
  readonly hostUrl: string;
  /** `http://127.0.0.1:<port>/sandbox.html`. */
  readonly sandboxUrl: string;
  close(): Promise<void>;
}

const PROXY_SCRIPT_URL = new URL('../sandbox/proxy.js', import.meta.url);

/**
 * Starts the two servers of the dev host on loopback: the web app on `localhost` and the MCP
 * Apps sandbox proxy on `127.0.0.1`, a different origin (mcp-spec.md §5.3 item 5).
 */
export async function createDevHost(options: DevHostOptions): Promise<DevHost> {
  const logger = options.logger ?? silentLogger;
  const proxyScript = readFileSync(PROXY_SCRIPT_URL, 'utf8');
  let hostSite: HostSite | undefined;
  let sandboxSite: SandboxSite | undefined;
  const hostServer = createServer(
    createHostHandler(() => hostSite, options.appDir, logger.child({ server: 'host' })),
  );
  const sandboxServer = createServer(
    createSandboxHandler(() => sandboxSite, proxyScript, logger.child({ server: 'sandbox' })),
  );
  try {
    const hostPort = await listenLoopback(hostServer, options.hostPort, 'host');
    const sandboxPort = await listenLoopback(sandboxServer, options.sandboxPort, 'sandbox');
    const hostOrigin = `http://localhost:${hostPort}`;
    const sandboxOrigin = `http://127.0.0.1:${sandboxPort}`;
    const config: DevHostConfig = {
      defaultServerUrl: options.defaultServerUrl,
      sandboxUrl: `${sandboxOrigin}/sandbox.html`,
    };
    hostSite = { port: hostPort, sandboxOrigin, config };
    sandboxSite = { host: `127.0.0.1:${sandboxPort}`, hostOrigin };
    logger.info({ hostUrl: hostOrigin, sandboxUrl: config.sandboxUrl }, 'dev host listening');
    return {
      hostUrl: hostOrigin,
      sandboxUrl: config.sandboxUrl,
      close: async () => {
        await Promise.all([closeServer(hostServer), closeServer(sandboxServer)]);
      },
    };
  } catch (error) {
    await Promise.all([closeServer(hostServer), closeServer(sandboxServer)]);
    throw error;
  }
}
