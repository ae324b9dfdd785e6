import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach } from 'vitest';

export type Cleanups = (() => Promise<void> | void)[];

/** A list of clean-ups run in reverse after each test of the calling file. */
export function useCleanups(): Cleanups {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}

/** A TCP echo server on loopback standing in for the user's machine behind an SSH channel. */
export async function echoServer(cleanups: Cleanups): Promise<number> {
  const server: Server = createServer((s) => s.pipe(s));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}
