import type { Server } from 'node:http';

/**
 * Runs `server` as a bench child process: listens on 127.0.0.1 (`PORT`, else a free port),
 * announces the port with the JSON line `startServer` (child-server.ts) waits for, and on
 * SIGTERM or SIGINT closes every connection, runs `onClosed` and exits 0. node: imports only, so
 * the servers that use it stay light.
 */
export function serveAsChild(
  server: Server,
  options: { readonly backlog?: number; readonly onClosed?: () => Promise<unknown> } = {},
): void {
  server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', options.backlog, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ level: 30, msg: 'Server started', port })}\n`);
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => {
      void (options.onClosed?.() ?? Promise.resolve()).finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
