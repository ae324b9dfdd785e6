import path from 'node:path';
import { startServer, type RunningServer } from '../lib/child-server.ts';

/** Starts `upstream-server.ts` as its own process on a free loopback port. */
export function startUpstream(): Promise<RunningServer> {
  return startServer({
    name: 'upstream (node:http)',
    args: [path.join(import.meta.dirname, 'upstream-server.ts')],
    cwd: import.meta.dirname,
    env: { NODE_ENV: 'production', PORT: '0' },
  });
}
