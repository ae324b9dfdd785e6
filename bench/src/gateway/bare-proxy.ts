import path from 'node:path';
import { startServer, type RunningServer } from '../lib/child-server.ts';

/** `bare-proxy-server.ts` as its own process in front of the upstream on `upstreamPort`. */
export async function startBareProxy(
  upstreamPort: number,
): Promise<RunningServer & { readonly pid: number }> {
  const server = await startServer({
    name: 'minimal Node proxy (node:http + undici)',
    args: [path.join(import.meta.dirname, 'bare-proxy-server.ts')],
    cwd: import.meta.dirname,
    env: { NODE_ENV: 'production', UPSTREAM_PORT: String(upstreamPort) },
  });
  const pid = server.child.pid;
  if (pid === undefined) {
    await server.stop();
    throw new Error('minimal Node proxy: no pid');
  }
  return { ...server, pid };
}
